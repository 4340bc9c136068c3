package data

import (
	"strings"

	"gorm.io/gorm"
)

// Departments returns every department by name.
func (s *Store) Departments() ([]Department, error) {
	var ds []Department
	err := s.db.Order("kind, name").Find(&ds).Error
	return ds, s.read("list departments", err)
}

// SaveDepartment creates or changes a department (administrators only).
func (s *Store) SaveDepartment(actor *Session, d *Department) error {
	d.Name = strings.TrimSpace(d.Name)
	if err := All(Required, MaxLen(64))(d.Name); err != nil {
		return fieldError("dept_name", err)
	}
	if !inList(string(d.Kind), kindStrings()) {
		return fieldError("dept_kind", errf(EInvalid, "valid.choice"))
	}
	return s.saveAdmin(actor, d, "departments", func(tx *gorm.DB) error {
		return unique(tx, &Department{}, "name", d.Name, d.ID)
	})
}

func kindStrings() []string {
	out := make([]string, len(DeptKinds))
	for i, k := range DeptKinds {
		out[i] = string(k)
	}
	return out
}

// Vendors returns every vendor by name.
func (s *Store) Vendors() ([]Vendor, error) {
	var vs []Vendor
	err := s.db.Order("name").Find(&vs).Error
	return vs, s.read("list vendors", err)
}

// ValidateVendor checks a vendor's fields.
func ValidateVendor(v *Vendor) error {
	v.Name = strings.TrimSpace(v.Name)
	return firstError(
		fieldError("vendor_name", All(Required, MaxLen(128))(v.Name)),
		fieldError("contact", MaxLen(64)(v.Contact)),
		fieldError("phone", ValidPhone(v.Phone)),
		fieldError("email", ValidEmail(v.Email)),
		fieldError("contract_no", MaxLen(64)(v.ContractNo)),
		fieldError("notes", ValidText(v.Notes)),
	)
}

// SaveVendor creates or changes a vendor (administrators only).
func (s *Store) SaveVendor(actor *Session, v *Vendor) error {
	if err := ValidateVendor(v); err != nil {
		return err
	}
	return s.saveAdmin(actor, v, "vendors", func(tx *gorm.DB) error {
		return unique(tx, &Vendor{}, "name", v.Name, v.ID)
	})
}

// Systems returns every software system of the ledger by name, with what
// each depends on.
func (s *Store) Systems() ([]System, error) {
	var ss []System
	err := s.db.Order("name").Find(&ss).Error
	if err == nil {
		err = loadAllDependencies(s.db, ss)
	}
	return ss, s.read("list systems", err)
}

// System returns one software system, with what it depends on.
func (s *Store) System(id uint) (*System, error) {
	var sys System
	if err := loadRecord(s.db, &sys, id); err != nil {
		return nil, s.read("read system", err)
	}
	return &sys, nil
}

// ValidateSystem checks a software system's fields.
func ValidateSystem(sys *System) error {
	sys.Name = strings.TrimSpace(sys.Name)
	return firstError(
		fieldError("system_name", All(Required, MaxLen(128))(sys.Name)),
		fieldError("system_code", MaxLen(32)(sys.Code)),
		fieldError("current_version", All(Required, ValidVersion)(sys.CurrentVersion)),
		fieldError("installed_on", ValidDate(sys.InstalledOn)),
		fieldError("description", ValidText(sys.Description)),
	)
}

// SaveSystem creates or changes a software system (administrators only),
// with the systems it depends on (none on itself, none making a cycle).
// A new system's version becomes the first line of its history; later
// versions change only through registration.
func (s *Store) SaveSystem(actor *Session, sys *System) error {
	if err := ValidateSystem(sys); err != nil {
		return err
	}
	return s.saveCopy(sys, func(tx *gorm.DB, cp record) error {
		a, err := s.adminActor(tx, actor)
		if err != nil {
			return err
		}
		c := cp.(*System)
		if err := s.checkSystemRefs(tx, c); err != nil {
			return err
		}
		if err := checkDependencies(tx, c); err != nil {
			return err
		}
		isNew := c.ID == 0
		if !isNew {
			var cur System
			if err := tx.First(&cur, c.ID).Error; err != nil {
				return err
			}
			c.CurrentVersion = cur.CurrentVersion
		}
		if err := s.saveRecord(tx, a, c, "systems"); err != nil {
			return err
		}
		if !isNew {
			return nil
		}
		return tx.Create(&SystemVersion{SystemID: c.ID, Version: c.CurrentVersion,
			EffectiveDate: firstNonEmpty(c.InstalledOn, s.now().Local().Format(DateLayout)),
			Registrar:     a.FullName, Notes: Label("ledger.initial_entry")}).Error
	})
}

func (s *Store) checkSystemRefs(tx *gorm.DB, c *System) error {
	if err := unique(tx, &System{}, "name", c.Name, c.ID); err != nil {
		return err
	}
	if err := tx.First(&Department{}, c.OwnerDeptID).Error; err != nil {
		return fieldError("owner_dept", errf(EInvalid, "valid.required"))
	}
	if c.VendorID != nil && *c.VendorID != 0 {
		if err := tx.First(&Vendor{}, *c.VendorID).Error; err != nil {
			return fieldError("vendor", errf(EInvalid, "valid.choice"))
		}
	} else {
		c.VendorID = nil
	}
	return nil
}

// SystemHistory returns a system's version history, newest first.
func (s *Store) SystemHistory(systemID uint) ([]SystemVersion, error) {
	var vs []SystemVersion
	err := s.db.Where("system_id = ?", systemID).Order("effective_date DESC, id DESC").Find(&vs).Error
	return vs, s.read("read version history", err)
}

// LedgerHistory returns the version history of every system, by system and
// newest first.
func (s *Store) LedgerHistory() (map[uint][]SystemVersion, error) {
	var vs []SystemVersion
	if err := s.db.Order("system_id, effective_date DESC, id DESC").Find(&vs).Error; err != nil {
		return nil, s.read("read ledger", err)
	}
	out := map[uint][]SystemVersion{}
	for _, v := range vs {
		out[v.SystemID] = append(out[v.SystemID], v)
	}
	return out, nil
}

// saveAdmin saves master data as an administrator after check.
func (s *Store) saveAdmin(actor *Session, rec record, entity string, check func(tx *gorm.DB) error) error {
	return s.saveCopy(rec, func(tx *gorm.DB, cp record) error {
		a, err := s.adminActor(tx, actor)
		if err != nil {
			return err
		}
		if err := check(tx); err != nil {
			return err
		}
		return s.saveRecord(tx, a, cp, entity)
	})
}

func (s *Store) adminActor(tx *gorm.DB, actor *Session) (*User, error) {
	a, err := s.loadActor(tx, actor)
	if err != nil {
		return nil, err
	}
	return a, requireRole(a, RoleAdmin)
}

// unique refuses a second row of model with the same value in column.
func unique(tx *gorm.DB, model any, column, value string, id uint) error {
	var n int64
	if err := tx.Model(model).Where(column+" = ? AND id <> ?", value, id).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return errf(EExists, "err.name_exists", "Name", value)
	}
	return nil
}

func firstError(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
