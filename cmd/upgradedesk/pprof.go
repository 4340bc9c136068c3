//go:build pprof

package main

// Built with -tags pprof, the binary serves Go's profiles on the address
// in UPGRADEDESK_PPROF (e.g. 127.0.0.1:6060), for measuring the client's
// memory and start-up (see BENCHMARKS.md). Release builds do not contain it.

import (
	"log"
	"net/http"
	_ "net/http/pprof" // registers the /debug/pprof handlers
	"os"
)

func init() {
	addr := os.Getenv("UPGRADEDESK_PPROF")
	if addr == "" {
		return
	}
	go func() {
		log.Println("pprof:", http.ListenAndServe(addr, nil))
	}()
}
