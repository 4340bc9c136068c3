package data

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// PostgreSQL has no PRAGMA integrity_check. Check reports the indexes
// left invalid by a failed build and, when the amcheck extension is
// installed in the database (CREATE EXTENSION amcheck, by its owner or a
// superuser) and the user may run it, checks every B-tree index of the
// schema with bt_index_check and every table with verify_heapam. Foreign
// keys need no check: the server enforces them.

// pgMaxHeapProblems bounds the problems reported for one table.
const pgMaxHeapProblems = 20

func (d postgresDialect) integrity(db *gorm.DB) ([]string, Finding, error) {
	problems, err := pgInvalidIndexes(db)
	if err != nil {
		return nil, Finding{}, err
	}
	var ext struct{ Schema, Version string }
	err = db.Raw(`SELECT n.nspname AS schema, e.extversion AS version FROM pg_extension e
		JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'`).Scan(&ext).Error
	if err != nil {
		return nil, Finding{}, err
	}
	if ext.Schema == "" {
		return problems, Finding{Key: "check.engine_none"}, nil
	}
	a := amcheck{db: db, schema: quoteIdent(ext.Schema)}
	nIdx, err := a.indexes(&problems)
	nTab := 0
	if err == nil && versionAtLeast(ext.Version, 1, 3) {
		nTab, err = a.tables(&problems)
	}
	switch {
	case isPgState(err, "42501"):
		return problems, Finding{Key: "check.engine_denied"}, nil
	case err != nil:
		return nil, Finding{}, err
	}
	return problems, Finding{Key: "check.engine_amcheck", Args: map[string]any{"Indexes": nIdx, "Tables": nTab}}, nil
}

// pgInvalidIndexes lists the indexes of the schema that the server does
// not use because their build failed.
func pgInvalidIndexes(db *gorm.DB) ([]string, error) {
	var names []string
	err := db.Raw(`SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND NOT i.indisvalid ORDER BY c.relname`).Scan(&names).Error
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("index %s is invalid (rebuild it with REINDEX)", n)
	}
	return out, err
}

// amcheck runs the functions of the amcheck extension.
type amcheck struct {
	db     *gorm.DB
	schema string // quoted schema of the extension
}

type relation struct {
	OID  int64  `gorm:"column:oid"`
	Name string `gorm:"column:name"`
}

// relations lists the relations of the schema: B-tree indexes for "i",
// tables for "r".
func (a amcheck) relations(kind string) ([]relation, error) {
	q := `SELECT c.oid::bigint AS oid, c.relname AS name FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind = ? AND c.relpersistence = 'p'`
	if kind == "i" {
		q += ` AND c.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')
			AND c.oid IN (SELECT indexrelid FROM pg_index WHERE indisvalid)`
	}
	var rs []relation
	err := a.db.Raw(q+" ORDER BY c.relname", kind).Scan(&rs).Error
	return rs, err
}

// indexes checks every B-tree index; a damaged one is a problem, not an
// error.
func (a amcheck) indexes(problems *[]string) (int, error) {
	rs, err := a.relations("i")
	if err != nil {
		return 0, err
	}
	for _, r := range rs {
		err := a.db.Exec("SELECT "+a.schema+".bt_index_check(?::oid::regclass)", r.OID).Error
		var pe *pgconn.PgError
		switch {
		case err == nil:
		case errors.As(err, &pe) && pe.Code != "42501" && pe.Code[:2] != "08" && pe.Code[:2] != "57":
			*problems = append(*problems, fmt.Sprintf("index %s: %s", r.Name, pe.Message))
		default:
			return 0, err
		}
	}
	return len(rs), nil
}

// tables checks every table's pages and tuples with verify_heapam.
func (a amcheck) tables(problems *[]string) (int, error) {
	rs, err := a.relations("r")
	if err != nil {
		return 0, err
	}
	for _, r := range rs {
		var found []struct {
			Blkno int64
			Msg   string
		}
		err := a.db.Raw("SELECT blkno, msg FROM "+a.schema+".verify_heapam(?::oid::regclass) LIMIT ?",
			r.OID, pgMaxHeapProblems).Scan(&found).Error
		if err != nil {
			return 0, err
		}
		for _, f := range found {
			*problems = append(*problems, fmt.Sprintf("table %s, page %d: %s", r.Name, f.Blkno, f.Msg))
		}
	}
	return len(rs), nil
}

// versionAtLeast compares an extension version such as "1.3".
func versionAtLeast(v string, major, minor int) bool {
	a, b, _ := strings.Cut(v, ".")
	ma, err1 := strconv.Atoi(a)
	mi, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || (ma == major && mi >= minor)
}

// isPgState reports whether err is a PostgreSQL error with SQLSTATE code.
func isPgState(err error, code string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == code
}
