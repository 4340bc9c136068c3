package data

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// AttachFile attaches a file of at most MaxAttachment bytes to a case. Its
// SHA-256 is stored with it, so a copy can be matched to the original.
// The name is stored made safe (SafeFileName), and as given for showing.
func (s *Store) AttachFile(actor *Session, caseID uint, name, note string, content []byte) (*Attachment, error) {
	original := displayName(name)
	name = SafeFileName(name)
	if err := validateAttachment(original, note, content); err != nil {
		return nil, err
	}
	var out *Attachment
	err := s.write("attach", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		c, err := loadCase(tx, caseID)
		if err != nil {
			return err
		}
		if err := CanEdit(a, c, FormAttachment); err != nil {
			return err
		}
		out, err = s.insertAttachment(tx, a, caseID, name, http.DetectContentType(content), note, content)
		if err != nil || original == name {
			return err
		}
		out.OriginalName = original
		return tx.Model(out).Update("original_name", original).Error
	})
	return out, err
}

func validateAttachment(name, note string, content []byte) error {
	if len(content) > MaxAttachment {
		return errf(EInvalid, "err.too_big", "MB", MaxAttachment>>20)
	}
	if len(content) == 0 {
		return errf(EInvalid, "err.empty_file")
	}
	if name == "" || name == "." || utf8.RuneCountInString(name) > 255 {
		return fieldError("file_name", errf(EInvalid, "valid.required"))
	}
	return fieldError("attachment_note", MaxLen(255)(note))
}

func (s *Store) insertAttachment(tx *gorm.DB, actor *User, caseID uint, name, mime, note string, content []byte) (*Attachment, error) {
	att := &Attachment{CaseID: &caseID, Name: name, MIME: mime, Size: int64(len(content)), SHA256: SHA256Hex(content),
		Note: note, UploadedBy: actor.FullName, UploaderID: actor.ID, CreatedAt: s.now()}
	if err := tx.Create(att).Error; err != nil {
		return nil, err
	}
	if err := tx.Create(&AttachmentData{AttachmentID: att.ID, Data: content}).Error; err != nil {
		return nil, err
	}
	changes := []Change{{Field: "name", New: name}, {Field: "sha256", New: att.SHA256}}
	return att, s.audit(tx, actor, OpCreate, "attachments", att.ID, caseID, changes, "", note)
}

// Attachments lists a case's attachments (without their bytes), oldest first.
func (s *Store) Attachments(caseID uint) ([]Attachment, error) {
	var as []Attachment
	err := s.db.Where("case_id = ?", caseID).Order("id").Find(&as).Error
	return as, s.read("list attachments", err)
}

// AttachmentContent returns the bytes of an attachment.
func (s *Store) AttachmentContent(id uint) ([]byte, error) {
	var d AttachmentData
	if err := s.db.First(&d, id).Error; err != nil {
		return nil, s.read("read attachment", err)
	}
	return d.Data, nil
}

// CanDeleteAttachment reports whether actor may delete att (nil) or why
// not, without the database: by its uploader or an administrator, while
// the case is open. DeleteAttachment also refuses a scan a decision refers to.
func CanDeleteAttachment(actor *User, c *Case, att *Attachment) error {
	if c.State.Terminal() {
		return errf(EState, "err.case_closed")
	}
	if att.UploaderID != actor.ID && !actor.HasRole(RoleAdmin) {
		return errf(EForbidden, "err.not_uploader")
	}
	return nil
}

// DeleteAttachment removes an attachment uploaded by mistake: by its
// uploader or an administrator, while the case is open, and never a scan
// a decision refers to or an archived dossier.
func (s *Store) DeleteAttachment(actor *Session, id uint) error {
	return s.write("delete attachment", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		var att Attachment
		if err := tx.First(&att, id).Error; err != nil {
			return err
		}
		c, err := loadCase(tx, derefID(att.CaseID))
		if err != nil {
			return err
		}
		if err := CanDeleteAttachment(a, c, &att); err != nil {
			return err
		}
		var refs int64
		if err := tx.Model(&Decision{}).Where("scan_id = ?", id).Count(&refs).Error; err != nil {
			return err
		}
		if refs > 0 {
			return errf(EState, "err.attachment_in_use")
		}
		if err := tx.Delete(&AttachmentData{}, id).Error; err != nil {
			return err
		}
		if err := tx.Delete(&Attachment{}, id).Error; err != nil {
			return err
		}
		return s.audit(tx, a, OpDelete, "attachments", id, c.ID, []Change{{Field: "name", Old: att.Name}}, "", "")
	})
}

func derefID(p *uint) uint {
	if p == nil {
		return 0
	}
	return *p
}

// maxNameRunes and maxNameBytes bound a safe file name; maxExtRunes its
// extension.
const (
	maxNameRunes = 100
	maxNameBytes = 200
	maxExtRunes  = 16
)

// SafeFileName returns name made safe to save under on Windows and Linux:
// only its last element (no folders, no drive letter), without control,
// bidirectional or invisible formatting characters and without the
// characters Windows forbids, no leading or trailing dots and spaces, not
// a reserved device name (CON, NUL, COM1 …), at most 100 characters and
// 200 bytes with its extension kept; "attachment" when nothing is left.
func SafeFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if len(name) >= 2 && name[1] == ':' && isASCIILetter(name[0]) {
		name = name[2:] // C:x.exe, relative to a drive
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError, unsafeRune(r):
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.Trim(b.String(), " .")
	base, ext := name, ""
	if i := strings.LastIndexByte(name, '.'); i > 0 && utf8.RuneCountInString(name[i:]) <= maxExtRunes {
		base, ext = name[:i], name[i:]
	}
	stem, _, _ := strings.Cut(base, ".")
	if reservedName(strings.TrimRight(stem, " ")) {
		base = "_" + base
	}
	for utf8.RuneCountInString(base)+utf8.RuneCountInString(ext) > maxNameRunes || len(base)+len(ext) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(base)
		if size == 0 {
			break
		}
		base = strings.TrimRight(base[:len(base)-size], " .")
	}
	if base == "" {
		base = "attachment"
	}
	return base + ext
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// unsafeRune reports a character a file name must not hold: control
// characters, the bidirectional controls that make a name read otherwise
// than it is, and invisible formatting characters.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r >= 0x200b && r <= 0x200f, r == 0xfeff:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// reservedName reports the device names Windows reserves in every folder.
func reservedName(stem string) bool {
	s := strings.ToUpper(stem)
	switch s {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if strings.HasPrefix(s, "COM") || strings.HasPrefix(s, "LPT") {
		switch s[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// displayName is the name as given, for showing as text: trimmed, NUL
// (which no database keeps in text) and invalid UTF-8 replaced, at most
// 255 characters.
func displayName(name string) string {
	name = strings.ToValidUTF8(strings.TrimSpace(strings.ReplaceAll(name, "\x00", "\uFFFD")), "\uFFFD")
	if r := []rune(name); len(r) > 255 {
		name = string(r[:255])
	}
	return name
}
