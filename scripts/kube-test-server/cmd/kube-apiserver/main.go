// Command kube-apiserver is the published Kubernetes API server, built from the k8s.io modules
// pinned in ../../go.mod, for the tests that talk to a real API server.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
