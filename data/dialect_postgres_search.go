package data

import (
	"database/sql"
	"strings"

	"gorm.io/gorm"
)

// Free-text search on PostgreSQL. The table case_search holds, for each
// case, the words of search.go (one CJK character or one ASCII word each)
// as a tsvector of the 'simple' configuration (no stemming, no stop
// words) under a GIN index. A query is the phrase of its words
// ('续' <-> '借'), the last one a prefix when it is a Latin word
// ('opa':*): the semantics of SQLite's FTS4 phrase query (see
// dialect_sqlite.go), answered from the index for any query length.
//
// A tsvector keeps at most 256 positions of one word and none past 16383,
// so a long text is stored as several parts of at most pgPartWords words
// in which no word occurs more than pgPartRepeats times. Consecutive parts
// overlap by pgPartOverlap words, so that any phrase of up to
// pgPartOverlap+1 words lies wholly inside one part. Nearly every case is
// one part.
const (
	pgPartWords   = 2048
	pgPartRepeats = 255
	pgPartOverlap = 128
)

// afterMigrate creates the search table and its GIN index.
func (postgresDialect) afterMigrate(tx *gorm.DB) error {
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS case_search (case_id bigint NOT NULL, part integer NOT NULL,
			tsv tsvector NOT NULL, PRIMARY KEY (case_id, part))`,
		`CREATE INDEX IF NOT EXISTS idx_case_search_tsv ON case_search USING gin (tsv)`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

func (d postgresDialect) indexCase(tx *gorm.DB, c *Case) error {
	return d.indexCases(tx, []Case{*c})
}

// pgIndexBatch is how many rows one statement of indexCases writes.
const pgIndexBatch = 1000

// indexCases replaces the index rows of the cases cs.
func (postgresDialect) indexCases(tx *gorm.DB, cs []Case) error {
	ids := make([]uint, len(cs))
	var rows []any
	for i := range cs {
		ids[i] = cs[i].ID
		for n, part := range searchParts(strings.Fields(searchText(&cs[i]))) {
			rows = append(rows, cs[i].ID, n, strings.Join(part, " "))
		}
	}
	for start := 0; start < len(ids); start += pgIndexBatch {
		part := ids[start:min(start+pgIndexBatch, len(ids))]
		if err := tx.Exec("DELETE FROM case_search WHERE case_id IN ?", part).Error; err != nil {
			return err
		}
	}
	const per = 3 * pgIndexBatch
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		q := "INSERT INTO case_search (case_id, part, tsv) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?, to_tsvector('simple', ?)),", len(part)/3), ",")
		if err := tx.Exec(q, part...).Error; err != nil {
			return err
		}
	}
	return nil
}

// searchParts splits the words of a text into the parts of its index
// rows (one part, possibly empty, for all but very long texts).
func searchParts(words []string) [][]string {
	var parts [][]string
	for start := 0; ; {
		end := partEnd(words, start)
		parts = append(parts, words[start:end])
		if end == len(words) {
			return parts
		}
		start = end - pgPartOverlap
	}
}

// partEnd returns where the part starting at start must end: after
// pgPartWords words, or before a word's pgPartRepeats+1st occurrence.
// A part that does not reach the end is longer than pgPartOverlap, so
// every part starts later than the one before.
func partEnd(words []string, start int) int {
	seen := map[string]int{}
	end := start
	for ; end < len(words) && end-start < pgPartWords; end++ {
		w := strings.ToLower(words[end])
		if seen[w] == pgPartRepeats {
			return end
		}
		seen[w]++
	}
	return end
}

// pgSearchQuery turns a query into a tsquery: the phrase of its words,
// the last one a prefix when it is a Latin word. It returns "" when the
// query has no words. Words are letters and digits only, so quoting them
// is enough.
func pgSearchQuery(text string) string {
	words := searchWords(text)
	if len(words) == 0 {
		return ""
	}
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = "'" + w + "'"
	}
	if last := words[len(words)-1]; last[0] < 128 {
		terms[len(terms)-1] += ":*"
	}
	return strings.Join(terms, " <-> ")
}

func (postgresDialect) textFilter(q *gorm.DB, text string) *gorm.DB {
	query := pgSearchQuery(text)
	if query == "" {
		return q
	}
	return q.Where("cases.id IN (SELECT case_id FROM case_search WHERE tsv @@ to_tsquery('simple', ?))", query)
}

// searchTx runs the count and the page of a search in one read-only
// transaction that keeps the planner off sequential scans: for a
// character found in most cases it would read the whole search table
// rather than the GIN index, which answers at least as fast (measured on
// 100,000 cases), and the list itself is read in its order through the
// index of the sort column.
func (postgresDialect) searchTx(db *gorm.DB, fn func(db *gorm.DB) error) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
			return err
		}
		return fn(tx)
	}, &sql.TxOptions{ReadOnly: true})
}

func (postgresDialect) searchCount(db *gorm.DB) (int64, error) {
	var n int64
	err := db.Raw("SELECT count(DISTINCT case_id) FROM case_search").Scan(&n).Error
	return n, err
}

func (postgresDialect) clearSearch(tx *gorm.DB) error {
	return tx.Exec("DELETE FROM case_search").Error
}
