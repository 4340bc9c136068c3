package data

import (
	"strings"
	"time"

	"gorm.io/gorm"
)

// This file keeps the library's calendar of 设置 → 图书馆日历: its blackout
// periods and its opening hours. Administrators change them; everybody
// reads them (the upgrade calendar shows them, conflicts are found with
// them).

// BlackoutPeriods returns every blackout period, the earliest first.
func (s *Store) BlackoutPeriods() ([]BlackoutPeriod, error) {
	var out []BlackoutPeriod
	err := s.db.Order("from_date, to_date, id").Find(&out).Error
	return out, s.read("read blackout periods", err)
}

// blackoutsBetween returns the blackout periods that include a day from
// from to to (dates, both included).
func blackoutsBetween(tx *gorm.DB, from, to string) ([]BlackoutPeriod, error) {
	var out []BlackoutPeriod
	err := tx.Where("to_date >= ? AND from_date <= ?", from, to).Order("from_date, to_date, id").Find(&out).Error
	return out, err
}

// ValidateBlackout checks a blackout period as its description has it:
// a kind, a name, and its dates in order.
func ValidateBlackout(b *BlackoutPeriod) error {
	b.Name, b.From, b.To = strings.TrimSpace(b.Name), strings.TrimSpace(b.From), strings.TrimSpace(b.To)
	return blackoutRecord.Check(b, time.Time{})
}

// SaveBlackout creates or changes a blackout period (administrators only).
func (s *Store) SaveBlackout(actor *Session, b *BlackoutPeriod) error {
	if err := ValidateBlackout(b); err != nil {
		return err
	}
	return s.saveAdmin(actor, b, "blackout_periods", func(*gorm.DB) error { return nil })
}

// DeleteBlackout removes a blackout period (administrators only).
func (s *Store) DeleteBlackout(actor *Session, b *BlackoutPeriod) error {
	return s.write("delete blackout period", func(tx *gorm.DB) error {
		a, err := s.adminActor(tx, actor)
		if err != nil {
			return err
		}
		return s.deleteRecord(tx, a, b, "blackout_periods")
	})
}

// OpeningHours returns the library's opening hours; none when they were
// never set (no window is then in them).
func (s *Store) OpeningHours() (OpeningHours, error) {
	return openingHoursIn(s.db)
}

func openingHoursIn(tx *gorm.DB) (OpeningHours, error) {
	var row Setting
	if err := tx.Where("key = ?", SettingOpeningHours).Limit(1).Find(&row).Error; err != nil {
		return OpeningHours{}, err
	}
	h, err := ParseOpeningHours(row.Value)
	if err != nil {
		return OpeningHours{}, nil // a value written by hand that cannot be read: no hours
	}
	return h, nil
}

// SetOpeningHours stores the library's opening hours (administrators
// only).
func (s *Store) SetOpeningHours(actor *Session, h OpeningHours) error {
	if err := h.Valid(); err != nil {
		return err
	}
	return s.SetSettings(actor, map[string]string{SettingOpeningHours: h.String()})
}
