// Command vanthu-ferretdb runs FerretDB v1.24.2 (SQLite backend) embedded as a library.
// A plain `go install` of FerretDB's cmd/ferretdb panics for a missing version file, so the
// project builds this small launcher instead (see ../../docs/stack.md).
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27117", "TCP listen address")
	dir := flag.String("dir", "data/ferretdb", "SQLite data directory")
	flag.Parse()

	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		// WAL with synchronous=NORMAL: durable across process crashes (what the tests kill), without an
		// fsync per statement, which made every write cost tens of milliseconds.
		SQLiteURL: "file:" + *dir + "/?_pragma=synchronous(normal)",
		Logger:    logger,
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go indexIDsForever(ctx, *dir, time.Second, logger)
	if err := f.Run(ctx); err != nil {
		log.Fatal(err)
	}
}
