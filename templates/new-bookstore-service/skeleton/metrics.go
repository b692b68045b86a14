package main

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The request metrics the Bookstore Portal's Monitoring tab graphs and the chart's alerting
// rules read, in the Prometheus text format on GET /metrics: http_requests_total (by method
// and status code) and http_request_duration_seconds (a histogram), both labelled with
// service. The probes and /metrics itself are not counted.

// durationBuckets are the upper bounds of the latency histogram, in seconds.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// unmeasured are the paths whose requests are not traffic.
var unmeasured = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// methods are the label values of method; any other method is counted as "other".
var methods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

type requestKey struct {
	method string
	code   int
}

type metrics struct {
	mu       sync.Mutex
	requests map[requestKey]uint64
	buckets  []uint64
	count    uint64
	sum      float64
}

func newMetrics() *metrics {
	return &metrics{
		requests: map[requestKey]uint64{},
		buckets:  make([]uint64, len(durationBuckets)),
	}
}

func (m *metrics) observe(method string, code int, seconds float64) {
	if !methods[method] {
		method = "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{method, code}]++
	for i, bound := range durationBuckets {
		if seconds <= bound {
			m.buckets[i]++
		}
	}
	m.count++
	m.sum += seconds
}

// statusRecorder remembers the status code a handler writes.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

// instrument counts and times the requests next serves.
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if unmeasured[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		recorder := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(recorder, r)
		m.observe(r.Method, recorder.code, time.Since(start).Seconds())
	})
}

func formatFloat(value float64) string {
	return strconv.FormatFloat(value, 'g', -1, 64)
}

// ServeHTTP writes the metrics in the Prometheus text exposition format 0.0.4.
func (m *metrics) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	m.mu.Lock()
	keys := make([]requestKey, 0, len(m.requests))
	for key := range m.requests {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].method != keys[j].method {
			return keys[i].method < keys[j].method
		}
		return keys[i].code < keys[j].code
	})
	var b strings.Builder
	service := strconv.Quote(serviceName)
	b.WriteString("# HELP http_requests_total HTTP requests served, by method and status code.\n")
	b.WriteString("# TYPE http_requests_total counter\n")
	for _, key := range keys {
		fmt.Fprintf(&b, "http_requests_total{service=%s,method=%q,code=\"%d\"} %d\n",
			service, key.method, key.code, m.requests[key])
	}
	b.WriteString("# HELP http_request_duration_seconds How long HTTP requests took, in seconds.\n")
	b.WriteString("# TYPE http_request_duration_seconds histogram\n")
	for i, bound := range durationBuckets {
		fmt.Fprintf(&b, "http_request_duration_seconds_bucket{service=%s,le=%q} %d\n",
			service, formatFloat(bound), m.buckets[i])
	}
	fmt.Fprintf(&b, "http_request_duration_seconds_bucket{service=%s,le=\"+Inf\"} %d\n", service, m.count)
	fmt.Fprintf(&b, "http_request_duration_seconds_sum{service=%s} %s\n", service, formatFloat(m.sum))
	fmt.Fprintf(&b, "http_request_duration_seconds_count{service=%s} %d\n", service, m.count)
	m.mu.Unlock()

	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}
