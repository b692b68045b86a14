{{/* The chart's name, overridable. */}}
{{- define "portal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: names every object of the release. */}}
{{- define "portal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "portal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "portal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "portal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "portal.labels" -}}
helm.sh/chart: {{ include "portal.chart" . }}
{{ include "portal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: bookstore-portal
{{- end }}

{{/* The portal's pods (the Deployment's selector plus the component). */}}
{{- define "portal.backendSelectorLabels" -}}
{{ include "portal.selectorLabels" . }}
app.kubernetes.io/component: backend
{{- end }}

{{- define "portal.postgresqlSelectorLabels" -}}
{{ include "portal.selectorLabels" . }}
app.kubernetes.io/component: postgresql
{{- end }}

{{- define "portal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "portal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "portal.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{- define "portal.extraConfigName" -}}
{{- printf "%s-app-config" (include "portal.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Where the extra app-config is mounted: inside the image's WORKDIR, read-only. */}}
{{- define "portal.extraConfigDir" -}}
/app/config
{{- end }}

{{- define "portal.postgresqlName" -}}
{{- printf "%s-postgresql" (include "portal.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* A Secret name: the given one, else secrets.existingSecret. Usage: include "portal.secretName" (list . .Values.x.existingSecret) */}}
{{- define "portal.secretName" -}}
{{- $root := index . 0 }}
{{- $name := index . 1 }}
{{- default $root.Values.secrets.existingSecret $name }}
{{- end }}

{{- define "portal.databaseSecretName" -}}
{{- if .Values.postgresql.enabled }}
{{- include "portal.secretName" (list . .Values.postgresql.existingSecret) }}
{{- else }}
{{- include "portal.secretName" (list . .Values.externalDatabase.existingSecret) }}
{{- end }}
{{- end }}

{{- define "portal.databasePasswordKey" -}}
{{- if .Values.postgresql.enabled }}
{{- .Values.postgresql.passwordKey }}
{{- else }}
{{- .Values.externalDatabase.passwordKey }}
{{- end }}
{{- end }}
