module github.com/${{ values.projectSlug }}

go 1.22
