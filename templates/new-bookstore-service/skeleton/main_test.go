package main

import (
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
