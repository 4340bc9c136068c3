package data

import (
	"errors"

	"gorm.io/gorm"

	"upgradedesk/data/semver"
)

// The database keeps the version of the newest UpgradeDesk that wrote it
// (schema_meta "app_version"), so that an older client refuses it even
// when the schema did not change: it would not know the rules the newer
// one writes by. The refusal names the version needed and the update
// folder set in the database, where the installer is (SettingUpdateFolder).

const metaAppVersion = "app_version"

// newerError refuses a database of schema version schema last written by
// UpgradeDesk writer, opened by UpgradeDesk mine. Its arguments say which
// version is needed ("Version", "" when the database does not say) and
// where the update folder is ("Folder", "" when not set).
func (s *Store) newerError(schema int, writer, mine string) error {
	folder, _ := s.Setting(SettingUpdateFolder, "")
	if !semver.Newer(writer, mine) {
		writer = ""
	}
	key := "err.newer_db"
	switch {
	case writer != "" && folder != "":
		key = "err.newer_app_folder"
	case writer != "":
		key = "err.newer_app"
	case folder != "":
		key = "err.newer_db_folder"
	}
	return errf(ENewer, key, "Have", SchemaVersion, "Need", schema, "Version", writer, "Mine", mine, "Folder", folder)
}

// recordAppVersion records mine as the newest version that wrote the
// database, when it is newer than writer (the one recorded) and the
// database is writable.
func (s *Store) recordAppVersion(writer, mine string) error {
	if s.readOnly || mine == "" || (writer != "" && !semver.Newer(mine, writer)) {
		return nil
	}
	if _, ok := semver.Parse(mine); !ok {
		return nil
	}
	return s.writeTx("record version", false, func(tx *gorm.DB) error {
		return tx.Save(&metaRow{Key: metaAppVersion, Value: mine}).Error
	})
}

// AppVersion returns the version of the newest UpgradeDesk that wrote the
// database, "" when none recorded it.
func (s *Store) AppVersion() (string, error) { return s.metaValue(metaAppVersion) }

// NewerNeeds returns, for an error refusing a database written by a newer
// UpgradeDesk (ENewer), the version needed ("" when the database does not
// say) and the update folder set in it ("" when none); ok is false for
// any other error.
func NewerNeeds(err error) (version, folder string, ok bool) {
	if ErrorCode(err) != ENewer {
		return "", "", false
	}
	var e *Error
	if !errors.As(err, &e) {
		return "", "", false
	}
	version, _ = e.Args["Version"].(string)
	folder, _ = e.Args["Folder"].(string)
	return version, folder, true
}
