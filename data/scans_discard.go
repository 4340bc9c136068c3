package data

import "gorm.io/gorm"

// ScanDiscarded is the state of a page of 待归类 thrown away by hand (a
// blank sheet, a page scanned by mistake): it stays on record, audited,
// and is listed nowhere.
const ScanDiscarded = "discarded"

// DiscardUnsorted throws away a page of 待归类, audited with the reason.
// The person who imported it and the IT director may.
func (s *Store) DiscardUnsorted(actor *Session, pageID uint, reason string) error {
	return s.write("discard scan", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		var p ScanPage
		if err := tx.First(&p, pageID).Error; err != nil {
			return errf(ENotFound, "err.scan_changed")
		}
		if p.State != ScanUnsorted {
			return errf(EConflict, "err.scan_changed")
		}
		if p.ImporterID != a.ID && !a.HasRole(RoleITDirector) {
			return errf(EForbidden, "err.scan_discard_forbidden")
		}
		if err := tx.Model(&ScanPage{}).Where("id = ? AND state = ?", p.ID, ScanUnsorted).
			Update("state", ScanDiscarded).Error; err != nil {
			return err
		}
		return s.audit(tx, a, OpUpdate, "scan_pages", p.ID, derefID(p.CaseID),
			[]Change{{Field: "state", Old: ScanUnsorted, New: ScanDiscarded}}, "", reason)
	})
}
