package data

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Witnesses find history rewritten behind the application's back. The
// audit chain's algorithm is public: someone who can write the database
// file can change records, rebuild every later entry's hash and seal, and
// the chain then verifies. But every PC that worked on the database
// remembers, in its user's own configuration folder, the last entry of the
// chain it saw (its sequence number and hash), per database identity (the
// database_id every database gets when it is created). When a database no
// longer holds the entry a PC saw, its history was rewritten: the client
// says so at start and `check` reports it. A restore from a backup, which
// also takes entries away, writes into the chain the entries it replaced,
// so the witnesses of those entries accept it (and say that a restore
// happened).
//
// What this cannot catch: someone who can write the database and every
// PC's witness file, or a rewrite of entries no PC has seen yet.

// EnvConfigDir overrides the folder of the witness file (tests, or a
// shared PC whose users should keep separate witnesses elsewhere).
const EnvConfigDir = "UPGRADEDESK_CONFIG_DIR"

// witnessEntry is what this PC last saw of one database.
type witnessEntry struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	Seen time.Time `json:"seen"`
	// Counters are the last case numbers given out per year, as last
	// seen: a damaged database's numbers are carried past them.
	Counters map[string]int `json:"counters,omitempty"`
}

// witnessFile is the witness file of this PC's user.
type witnessFile struct {
	Databases map[string]witnessEntry `json:"databases"`
	// Places maps a database's location to its identity.
	Places map[string]string `json:"places"`
}

// WitnessPath returns the witness file: witness.json in the UpgradeDesk
// folder of the user's configuration folder.
func WitnessPath() string {
	dir := os.Getenv(EnvConfigDir)
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			base = os.TempDir()
		}
		dir = filepath.Join(base, "UpgradeDesk")
	}
	return filepath.Join(dir, "witness.json")
}

func loadWitnesses() witnessFile {
	w := witnessFile{Databases: map[string]witnessEntry{}, Places: map[string]string{}}
	b, err := os.ReadFile(WitnessPath())
	if err == nil {
		_ = json.Unmarshal(b, &w) // a damaged file is started afresh
	}
	if w.Databases == nil {
		w.Databases = map[string]witnessEntry{}
	}
	if w.Places == nil {
		w.Places = map[string]string{}
	}
	return w
}

func saveWitnesses(w witnessFile) error {
	path := WitnessPath()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, b)
}

// WitnessStatus says how a database's chain compares with what this PC saw.
type WitnessStatus string

const (
	// WitnessNew: this PC has not seen the database before.
	WitnessNew WitnessStatus = "new"
	// WitnessOK: the chain still holds the entry this PC saw last.
	WitnessOK WitnessStatus = "ok"
	// WitnessRestored: the entry this PC saw was replaced by a restore
	// recorded in the chain.
	WitnessRestored WitnessStatus = "restored"
	// WitnessRewritten: the entry this PC saw is gone and no restore
	// explains it: history was rewritten outside the application.
	WitnessRewritten WitnessStatus = "rewritten"
)

// WitnessReport is the result of comparing a database with this PC's
// witness.
type WitnessReport struct {
	Status WitnessStatus
	// Seq and Hash are the entry this PC saw; Head is where the chain ends now.
	Seq  int64
	Hash string
	Head int64
	// Seen is when this PC saw it.
	Seen time.Time
	// Restore describes the restore that replaced it (WitnessRestored).
	RestoreAt time.Time
	RestoreBy string
	// OtherDatabase is set when this location held another database
	// (another identity) before.
	OtherDatabase bool
}

// Finding returns the report as a finding of a check, or nil when there
// is nothing to say.
func (w *WitnessReport) Finding() *Finding {
	if w == nil {
		return nil
	}
	switch {
	case w.Status == WitnessRewritten:
		return &Finding{Key: "witness.rewritten", Args: map[string]any{"Seq": w.Seq, "Hash": short(w.Hash),
			"Seen": w.Seen.Local().Format("2006-01-02 15:04"), "Head": w.Head}}
	case w.Status == WitnessRestored:
		return &Finding{Key: "witness.restored", Args: map[string]any{"Seq": w.Seq,
			"At": w.RestoreAt.Local().Format("2006-01-02 15:04"), "By": w.RestoreBy}}
	case w.OtherDatabase:
		return &Finding{Key: "witness.other_database"}
	}
	return nil
}

// Problem reports whether the witness found history rewritten.
func (w *WitnessReport) Problem() bool { return w != nil && w.Status == WitnessRewritten }

func short(hash string) string {
	if len(hash) > 16 {
		return hash[:16]
	}
	return hash
}

// placeOf is the location of a database as the witness file keys it.
func placeOf(location string) string {
	if IsURL(location) {
		return redactURL(location)
	}
	p, err := filepath.Abs(location)
	if err != nil {
		return location
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	return p
}

// compareWitness compares the database read through db with this PC's
// witness, without changing the witness.
func compareWitness(db *gorm.DB, location string) (*WitnessReport, string, auditHead, error) {
	var head auditHead
	var id string
	if err := db.Model(&metaRow{}).Select("value").Where("key = ?", "database_id").Scan(&id).Error; err != nil {
		return nil, "", head, err
	}
	if err := db.Limit(1).Find(&head, 1).Error; err != nil {
		return nil, id, head, err
	}
	w := loadWitnesses()
	rep := &WitnessReport{Status: WitnessNew, Head: head.Seq}
	if known, ok := w.Places[placeOf(location)]; ok && known != id {
		rep.OtherDatabase = true
	}
	seen, ok := w.Databases[id]
	if !ok || id == "" {
		return rep, id, head, nil
	}
	rep.Seq, rep.Hash, rep.Seen = seen.Seq, seen.Hash, seen.Seen
	if seen.Seq == 0 {
		rep.Status = WitnessOK
		return rep, id, head, nil
	}
	var hash string
	if err := db.Model(&AuditEntry{}).Select("hash").Where("seq = ?", seen.Seq).Scan(&hash).Error; err != nil {
		return nil, id, head, err
	}
	if hash == seen.Hash {
		rep.Status = WitnessOK
		return rep, id, head, nil
	}
	// A restore recorded the entries it replaced.
	var restores []AuditEntry
	if err := db.Where("op = ?", OpRestore).Order("seq").Find(&restores).Error; err != nil {
		return nil, id, head, err
	}
	mark := strconv.FormatInt(seen.Seq, 10) + ":" + short(seen.Hash)
	for _, r := range restores {
		for _, c := range r.ChangeList() {
			if c.Field == "superseded" && containsItem(c.New, mark) {
				rep.Status, rep.RestoreAt, rep.RestoreBy = WitnessRestored, r.At, r.ActorName
				return rep, id, head, nil
			}
		}
	}
	rep.Status = WitnessRewritten
	return rep, id, head, nil
}

func containsItem(list, item string) bool {
	for _, x := range strings.Split(list, ",") {
		if x == item {
			return true
		}
	}
	return false
}

// CompareWitness compares the database with this PC's witness without
// recording anything.
func (s *Store) CompareWitness() (*WitnessReport, error) {
	rep, _, _, err := compareWitness(s.db, s.location)
	return rep, s.read("read witness", err)
}

// Witness compares the database with this PC's witness and, unless its
// history was rewritten, records the end of its chain as seen now (and
// the case counters). The client calls it when it opens a database and
// when it closes it, every command of the command line when it starts.
// With accept, a rewritten history is recorded too: an administrator
// looked into it and accepts the database as it is.
func (s *Store) Witness(accept bool) (*WitnessReport, error) {
	rep, id, head, err := compareWitness(s.db, s.location)
	if err != nil {
		return nil, s.read("read witness", err)
	}
	if id == "" || (rep.Status == WitnessRewritten && !accept) {
		return rep, nil
	}
	var counters []caseCounter
	if err := s.db.Find(&counters).Error; err != nil {
		return nil, s.read("read counters", err)
	}
	w := loadWitnesses()
	entry := witnessEntry{Seq: head.Seq, Hash: head.Hash, Seen: time.Now().UTC(), Counters: map[string]int{}}
	if old, ok := w.Databases[id]; ok {
		for y, n := range old.Counters {
			entry.Counters[y] = n
		}
	}
	for _, c := range counters {
		y := strconv.Itoa(c.Year)
		entry.Counters[y] = max(entry.Counters[y], c.Last)
	}
	w.Databases[id] = entry
	w.Places[placeOf(s.location)] = id
	if err := saveWitnesses(w); err != nil {
		// The witness is a safeguard of this PC; failing to keep it does
		// not stop the work.
		return rep, nil
	}
	return rep, nil
}

// witnessedIdentity returns the identity of the database this PC last saw
// at location, and the case counters it saw in it; "" when none.
func witnessedIdentity(location string) (string, map[int]int) {
	w := loadWitnesses()
	id := w.Places[placeOf(location)]
	counters := map[int]int{}
	if e, ok := w.Databases[id]; ok {
		for y, n := range e.Counters {
			if year, err := strconv.Atoi(y); err == nil {
				counters[year] = n
			}
		}
	}
	return id, counters
}
