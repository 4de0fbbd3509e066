package main

// FerretDB 1.24's SQLite backend indexes _id as `_ferretdb_sjson->"_id"` but looks documents up
// with `_ferretdb_sjson->'$._id'`. SQLite only uses an expression index for the identical
// expression, so every find, update and delete by _id scans the whole table (EXPLAIN QUERY PLAN
// says SCAN): an update costs ~1 ms at 100 documents and ~10 ms at 4,000. This development stack
// adds, beside each collection's table, an index on the expression the queries use. It is an
// ordinary SQLite index: FerretDB does not list it, and dropping the collection drops it.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB itself uses
)

// indexIDsForever adds the missing _id path indexes now and then every `every`.
func indexIDsForever(ctx context.Context, dir string, every time.Duration, l *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, f := range files {
			if err := indexIDs(ctx, f); err != nil {
				l.Debug("id index pass failed", "file", f, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func indexIDs(ctx context.Context, file string) error {
	// Opened for each pass: a dropped database's file is deleted and may come back as a new one.
	// mode=rw never creates a file: one deleted since the Glob must not come back empty (FerretDB
	// would then refuse to start on a database without its metadata table).
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, `SELECT c.table_name FROM _ferretdb_collections c
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || '__id_path')`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()

	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"__id_path", t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
