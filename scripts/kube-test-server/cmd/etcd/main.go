// Command etcd is the published etcd server at the version the pinned kube-apiserver is
// built against (../../go.mod), the API server's storage in the tests.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
