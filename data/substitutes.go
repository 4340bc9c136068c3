package data

import (
	"time"

	"gorm.io/gorm"
)

// Substitute names a stand-in (代理): StandIn may act for Principal while
// Principal is away (StartsOn to EndsOn), or — with Role instead of Principal — in
// Role for the cases of Department (any department when it is 0) whenever
// no holder of the role can act on a case: each is barred by separation
// of duties (their own request, a record they wrote) or away. A stand-in
// never lifts a rule for themselves: they are barred as anybody else.
type Substitute struct {
	Meta
	PrincipalID  uint   `gorm:"not null;default:0;index" json:"principal_id"`
	Role         Role   `gorm:"size:16;not null;default:''" json:"role"`
	DepartmentID uint   `gorm:"not null;default:0" json:"department_id"`
	StandInID    uint   `gorm:"not null;index" json:"stand_in_id"`
	StartsOn     string `gorm:"size:10;not null;default:''" json:"starts_on"`
	EndsOn       string `gorm:"size:10;not null;default:''" json:"ends_on"`
	Reason       string `gorm:"size:200" json:"reason"`
}

// activeOn reports whether the substitution holds on day (YYYY-MM-DD).
func (sub *Substitute) activeOn(day string) bool {
	return (sub.StartsOn == "" || sub.StartsOn <= day) && (sub.EndsOn == "" || day <= sub.EndsOn)
}

var substituteRecord = (&Record{Table: "substitutes", Fields: []*Field{
	{Key: "principal_id", Label: "principal", Kind: KindUser},
	{Key: "role", Label: "substitute_role", Kind: KindChoice, List: "role"},
	{Key: "department_id", Label: "substitute_department", Kind: KindDept},
	{Key: "stand_in_id", Label: "stand_in", Kind: KindUser, Required: true},
	{Key: "starts_on", Label: "substitute_from", Kind: KindDate},
	{Key: "ends_on", Label: "substitute_to", Kind: KindDate, NotBefore: "starts_on"},
	{Key: "reason", Label: "substitute_reason", Kind: KindText, Max: 200},
}}).bind(Substitute{})

// Substitutes returns every substitution, the current and future first.
func (s *Store) Substitutes() ([]Substitute, error) {
	var out []Substitute
	err := s.db.Order("ends_on = '' DESC, ends_on DESC, id").Find(&out).Error
	return out, s.read("read substitutes", err)
}

// SubstitutesFor returns the substitutions u may see in 设置, the current
// and future first: every one for an account administrator; for anybody
// else those naming them, as the person stood in for or as the stand-in.
func (s *Store) SubstitutesFor(u *User) ([]Substitute, error) {
	if u.HasRole(RoleAdmin) {
		return s.Substitutes()
	}
	var out []Substitute
	err := s.db.Where("principal_id = ? OR stand_in_id = ?", u.ID, u.ID).
		Order("ends_on = '' DESC, ends_on DESC, id").Find(&out).Error
	return out, s.read("read substitutes", err)
}

// SaveSubstitute saves a substitution: a person names their own stand-in
// while away; an account administrator names anybody's, and the stand-ins
// of roles.
func (s *Store) SaveSubstitute(actor *Session, sub *Substitute) error {
	if err := substituteRecord.Check(sub, s.now()); err != nil {
		return err
	}
	return s.saveCopy(sub, func(tx *gorm.DB, cp record) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		n := cp.(*Substitute)
		if err := mayNameStandIn(a, n); err != nil {
			return err
		}
		if err := checkSubstitute(tx, n); err != nil {
			return err
		}
		if n.ID != 0 {
			var cur Substitute
			if err := tx.First(&cur, n.ID).Error; err != nil {
				return err
			}
			if err := mayNameStandIn(a, &cur); err != nil {
				return err
			}
		}
		return s.saveRecord(tx, a, n, "substitutes")
	})
}

// DeleteSubstitute ends a substitution entered by mistake or no longer
// wanted (who may name it may remove it).
func (s *Store) DeleteSubstitute(actor *Session, sub *Substitute) error {
	return s.write("delete substitute", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		var cur Substitute
		if err := tx.First(&cur, sub.ID).Error; err != nil {
			return err
		}
		if err := mayNameStandIn(a, &cur); err != nil {
			return err
		}
		return s.deleteRecord(tx, a, sub, "substitutes")
	})
}

// mayNameStandIn lets an administrator name any stand-in and anybody their
// own.
func mayNameStandIn(a *User, sub *Substitute) error {
	if a.HasRole(RoleAdmin) || (sub.Role == "" && sub.PrincipalID == a.ID) {
		return nil
	}
	return errf(EForbidden, "err.substitute_own")
}

// checkSubstitute refuses a substitution that names nobody to stand in
// for, both a person and a role, a stand-in standing in for themselves, or
// a disabled stand-in; a person's absence needs its dates.
func checkSubstitute(tx *gorm.DB, sub *Substitute) error {
	switch {
	case (sub.PrincipalID == 0) == (sub.Role == ""):
		return errf(EInvalid, "err.substitute_whom")
	case sub.Role != "" && !sub.Role.Valid():
		return fieldError("substitute_role", errf(EInvalid, "valid.choice"))
	case sub.PrincipalID == sub.StandInID:
		return fieldError("stand_in", errf(EInvalid, "err.substitute_self"))
	case sub.PrincipalID != 0 && (sub.StartsOn == "" || sub.EndsOn == ""):
		return fieldError("substitute_to", errf(EInvalid, "err.substitute_dates"))
	}
	var in User
	if err := tx.Limit(1).Find(&in, sub.StandInID).Error; err != nil {
		return err
	}
	if in.ID == 0 || in.Disabled {
		return fieldError("stand_in", errf(EInvalid, "err.substitute_disabled"))
	}
	return nil
}

// activeSubstitutes returns the substitutions in force on day.
func activeSubstitutes(tx *gorm.DB, day string) ([]Substitute, error) {
	var out []Substitute
	err := tx.Where("(starts_on = '' OR starts_on <= ?) AND (ends_on = '' OR ends_on >= ?)", day, day).Order("id").Find(&out).Error
	return out, err
}

// today returns the store's date in the local time zone.
func (s *Store) today() string { return s.now().In(time.Local).Format(DateLayout) }
