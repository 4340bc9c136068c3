package data

import (
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// AttachFile attaches a file of at most MaxAttachment bytes to a case. Its
// SHA-256 is stored with it, so a copy can be matched to the original.
func (s *Store) AttachFile(actor *User, caseID uint, name, note string, content []byte) (*Attachment, error) {
	name = filepath.Base(strings.TrimSpace(name))
	if err := validateAttachment(name, note, content); err != nil {
		return nil, err
	}
	var out *Attachment
	err := s.write("attach", func(tx *gorm.DB) error {
		a, err := loadActor(tx, actor)
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
		return err
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
func (s *Store) DeleteAttachment(actor *User, id uint) error {
	return s.write("delete attachment", func(tx *gorm.DB) error {
		a, err := loadActor(tx, actor)
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
