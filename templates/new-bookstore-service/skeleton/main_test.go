package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestEndpoints(t *testing.T) {
	server := httptest.NewServer(newHandler())
	defer server.Close()

	for path, want := range map[string]int{
		"/healthz": http.StatusOK,
		"/readyz":  http.StatusOK,
		"/":        http.StatusOK,
		"/nothing": http.StatusNotFound,
	} {
		response, err := http.Get(server.URL + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		response.Body.Close()
		if response.StatusCode != want {
			t.Errorf("GET %s: got %d, want %d", path, response.StatusCode, want)
		}
	}
}

func TestRootNamesTheService(t *testing.T) {
	recorder := httptest.NewRecorder()
	newHandler().ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, "/", nil))
	if !strings.Contains(recorder.Body.String(), serviceName) {
		t.Errorf("body %q does not name %s", recorder.Body.String(), serviceName)
	}
}

func TestMetricsCountAndTimeRequests(t *testing.T) {
	server := httptest.NewServer(newHandler())
	defer server.Close()
	for _, path := range []string{"/", "/", "/nothing", "/healthz", "/readyz"} {
		response, err := http.Get(server.URL + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		response.Body.Close()
	}

	response, err := http.Get(server.URL + "/metrics")
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	defer response.Body.Close()
	if got := response.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q is not the Prometheus text format", got)
	}
	body, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatalf("reading /metrics: %v", err)
	}
	service := `service="` + serviceName + `"`
	// The probes and /metrics are not traffic: three requests, one of them a 404.
	for _, want := range []string{
		"# TYPE http_requests_total counter",
		"http_requests_total{" + service + `,method="GET",code="200"} 2`,
		"http_requests_total{" + service + `,method="GET",code="404"} 1`,
		"# TYPE http_request_duration_seconds histogram",
		"http_request_duration_seconds_bucket{" + service + `,le="10"} 3`,
		"http_request_duration_seconds_bucket{" + service + `,le="+Inf"} 3`,
		"http_request_duration_seconds_count{" + service + "} 3",
	} {
		if !strings.Contains(string(body), want+"\n") {
			t.Errorf("/metrics lacks the line %q:\n%s", want, body)
		}
	}
}
