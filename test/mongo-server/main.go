// Command ferretdb-test-server runs an embedded FerretDB (SQLite handler) that
// speaks the MongoDB wire protocol, for tests only.
//
// It prints "ready <mongodb uri>" on stdout once the TCP port accepts
// connections and shuts down cleanly on SIGTERM or SIGINT, or when stdin
// closes if -watch-stdin is given (so it never outlives its parent).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "", "TCP address to listen on, host:port (required)")
	data := flag.String("data", "", "directory for SQLite files, created if missing (required)")
	watchStdin := flag.Bool("watch-stdin", false, "shut down when stdin reaches EOF (the parent exited)")
	flag.Parse()

	if err := run(*listen, *data, *watchStdin); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-test-server: %s\n", err)
		os.Exit(1)
	}
}

func run(listen, data string, watchStdin bool) error {
	if listen == "" || data == "" {
		return errors.New("both -listen host:port and -data DIR are required")
	}

	if _, _, err := net.SplitHostPort(listen); err != nil {
		return fmt.Errorf("invalid -listen %q: %w", listen, err)
	}

	dir, err := filepath.Abs(data)
	if err != nil {
		return err
	}

	if err = os.MkdirAll(dir, 0o700); err != nil {
		return err
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{
		Level: slog.LevelWarn,
	}))
	slog.SetDefault(logger)

	// The embedded package never starts the telemetry reporter and marks
	// telemetry as disabled and locked, so nothing leaves this host.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: (&url.URL{Scheme: "file", Path: dir + "/"}).String(),
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(
		context.Background(),
		syscall.SIGTERM,
		syscall.SIGINT,
	)
	defer stop()

	if watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan struct{})

	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	// The listener is bound inside New, so the URI already has the real port.
	uri := f.MongoDBURI()

	u, err := url.Parse(uri)
	if err != nil {
		stop()
		<-done

		return err
	}

	if err = waitForPort(ctx, u.Host, 30*time.Second); err != nil {
		stop()
		<-done

		return err
	}

	fmt.Printf("ready %s\n", uri)

	<-done

	return nil
}

// waitForPort dials addr until it accepts a TCP connection.
func waitForPort(ctx context.Context, addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)

	for {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			return conn.Close()
		}

		if time.Now().After(deadline) {
			return fmt.Errorf("%s does not accept connections: %w", addr, err)
		}

		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
