//go:build pprof

package main

// Built with -tags pprof, the binary serves Go's profiles on the address
// in UPGRADEDESK_PPROF (e.g. 127.0.0.1:6060), for measuring the client's
// memory and start-up (see BENCHMARKS.md). Release builds do not contain it.
//
// The start-up itself is recorded from the first moment of the process:
// UPGRADEDESK_TRACE=FILE:SECONDS writes an execution trace (go tool trace)
// and UPGRADEDESK_CPUPROFILE=FILE:SECONDS a CPU profile (go tool pprof) of
// the first SECONDS seconds, or until the process is told to stop.

import (
	"io"
	"log"
	"net/http"
	_ "net/http/pprof" // registers the /debug/pprof handlers
	"os"
	"os/signal"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func init() {
	record("UPGRADEDESK_TRACE", trace.Start, trace.Stop)
	record("UPGRADEDESK_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
	addr := os.Getenv("UPGRADEDESK_PPROF")
	if addr == "" {
		return
	}
	go func() {
		log.Println("pprof:", http.ListenAndServe(addr, nil))
	}()
}

// record starts a recording into the file named in the environment
// variable env (FILE:SECONDS) and stops it after that many seconds.
func record(env string, start func(w io.Writer) error, stop func()) {
	v := os.Getenv(env)
	if v == "" {
		return
	}
	path, secs := v, 10.0
	if i := strings.LastIndexByte(v, ':'); i > 0 {
		if s, err := strconv.ParseFloat(v[i+1:], 64); err == nil {
			path, secs = v[:i], s
		}
	}
	f, err := os.Create(path)
	if err != nil {
		log.Println(env+":", err)
		return
	}
	if err := start(f); err != nil {
		log.Println(env+":", err)
		f.Close()
		return
	}
	var once sync.Once
	finish := func() {
		once.Do(func() {
			stop()
			if err := f.Close(); err != nil {
				log.Println(env+":", err)
			}
			log.Println(env+": written to", path)
		})
	}
	time.AfterFunc(time.Duration(secs*float64(time.Second)), finish)
	// Stopped early, the process still writes what it recorded.
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ch
		finish()
	}()
}
