package data

import (
	"strings"
	"time"
)

// Meta is embedded in every editable record: its identity, its version for
// conflict detection and who changed it last.
type Meta struct {
	ID          uint      `gorm:"primaryKey" json:"id"`
	Version     int       `gorm:"not null;default:1" json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	CreatedByID uint      `json:"created_by_id,omitempty"`
	UpdatedByID uint      `json:"updated_by_id,omitempty"`
	// UpdatedBy is the display name of the user who saved last.
	UpdatedBy string `gorm:"size:64" json:"updated_by,omitempty"`
}

func (m *Meta) meta() *Meta { return m }

// Department is an organisational unit of the library.
type Department struct {
	Meta
	Name string   `gorm:"size:64;not null;uniqueIndex" json:"name"`
	Kind DeptKind `gorm:"size:16;not null" json:"kind"`
}

// User is a person who signs in. Roles holds role keys separated by commas.
type User struct {
	Meta
	Username     string     `gorm:"size:64;not null;uniqueIndex" json:"username"`
	FullName     string     `gorm:"size:64;not null" json:"full_name"`
	DepartmentID uint       `gorm:"not null;index" json:"department_id"`
	Roles        string     `gorm:"size:200;not null" json:"roles"`
	Phone        string     `gorm:"size:32" json:"phone"`
	Email        string     `gorm:"size:128" json:"email"`
	Disabled     bool       `gorm:"not null;default:false" json:"disabled"`
	PasswordHash string     `gorm:"size:200;not null" json:"-"`
	FailedLogins int        `gorm:"not null;default:0" json:"-"`
	LastFailedAt *time.Time `json:"-"`
	LastLoginAt  *time.Time `json:"last_login_at,omitempty"`
	// MailLang is the language of the e-mails the user gets ("zh" or
	// "en"; "" is Chinese). DigestOff stops the daily digest of their
	// 待办; the reminders of single steps come all the same.
	MailLang  string `gorm:"size:8;not null;default:''" json:"mail_lang,omitempty"`
	DigestOff bool   `gorm:"not null;default:false" json:"digest_off,omitempty"`
}

// MessageLang returns the language of the user's e-mails.
func (u *User) MessageLang() string {
	if u.MailLang == LangEN {
		return LangEN
	}
	return LangZH
}

// HasRole reports whether the user holds r.
func (u *User) HasRole(r Role) bool {
	for _, x := range u.RoleList() {
		if x == r {
			return true
		}
	}
	return false
}

// HasAnyRole reports whether the user holds one of rs.
func (u *User) HasAnyRole(rs ...Role) bool {
	for _, r := range rs {
		if u.HasRole(r) {
			return true
		}
	}
	return false
}

// RoleList returns the user's roles.
func (u *User) RoleList() []Role {
	var out []Role
	for _, s := range strings.Split(u.Roles, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, Role(s))
		}
	}
	return out
}

// SetRoles stores rs as the user's roles.
func (u *User) SetRoles(rs ...Role) {
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		parts = append(parts, string(r))
	}
	u.Roles = strings.Join(parts, ",")
}

// Vendor is an external supplier (外部供应商); vendors are records, not users.
type Vendor struct {
	Meta
	Name       string `gorm:"size:128;not null;uniqueIndex" json:"name"`
	Contact    string `gorm:"size:64" json:"contact"`
	Phone      string `gorm:"size:32" json:"phone"`
	Email      string `gorm:"size:128" json:"email"`
	ContractNo string `gorm:"size:64" json:"contract_no"`
	Notes      string `gorm:"type:text" json:"notes"`
}

// System is a software system in the version ledger (软件版本台账).
type System struct {
	Meta
	Name           string `gorm:"size:128;not null;uniqueIndex" json:"name"`
	Code           string `gorm:"size:32" json:"code"`
	VendorID       *uint  `gorm:"index" json:"vendor_id"`
	OwnerDeptID    uint   `gorm:"not null;index" json:"owner_dept_id"`
	CurrentVersion string `gorm:"size:64;not null" json:"current_version"`
	InstalledOn    string `gorm:"size:10" json:"installed_on"`
	Description    string `gorm:"type:text" json:"description"`
	// DependsOn are the systems this one depends on (the RFID
	// self-service on the ILS), kept in system_dependencies and saved
	// with the system.
	DependsOn SystemIDs `gorm:"-" json:"depends_on,omitempty"`
}

// SystemVersion is one line of a system's version history. Registration
// appends one; lines are never changed.
type SystemVersion struct {
	ID            uint      `gorm:"primaryKey" json:"id"`
	SystemID      uint      `gorm:"not null;index" json:"system_id"`
	Version       string    `gorm:"size:64;not null" json:"version"`
	PrevVersion   string    `gorm:"size:64" json:"prev_version"`
	EffectiveDate string    `gorm:"size:10;not null" json:"effective_date"`
	UpgradeType   string    `gorm:"size:16" json:"upgrade_type"`
	CaseID        *uint     `gorm:"index" json:"case_id"`
	CaseNo        string    `gorm:"size:16" json:"case_no"`
	Registrar     string    `gorm:"size:64" json:"registrar"`
	Notes         string    `gorm:"type:text" json:"notes"`
	CreatedAt     time.Time `json:"created_at"`
}

// Case is one upgrade matter (升级事项) with its request (需求申请) fields.
type Case struct {
	Meta
	No           string     `gorm:"size:16;not null;uniqueIndex" json:"no"`
	Year         int        `gorm:"not null;uniqueIndex:idx_cases_year_seq" json:"year"`
	Seq          int        `gorm:"not null;uniqueIndex:idx_cases_year_seq" json:"seq"`
	State        State      `gorm:"size:16;not null" json:"state"`
	StateSeq     int        `gorm:"not null;default:0" json:"state_seq"`
	StateAt      time.Time  `gorm:"index" json:"state_at"`
	MergedIntoID *uint      `json:"merged_into_id,omitempty"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	// DueAt is when the case's stage is due, by its time limit in working
	// days (see StageDays); nil when the stage has none.
	DueAt *time.Time `gorm:"index" json:"due_at,omitempty"`

	Title        string `gorm:"size:200;not null" json:"title"`
	DepartmentID uint   `gorm:"not null" json:"department_id"`
	// BusinessDeptID is the business department that reviews, tests and
	// signs for the case: the requesting department, or for a request
	// filed by IT the system's owner department when that is a business
	// department; 0 when there is none.
	BusinessDeptID uint   `gorm:"not null;default:0;index" json:"business_dept_id"`
	ApplicantID    uint   `gorm:"not null;index" json:"applicant_id"`
	Phone          string `gorm:"size:32" json:"phone"`
	RequestDate    string `gorm:"size:10" json:"request_date"`
	SystemID       uint   `gorm:"not null" json:"system_id"`
	CurrentVersion string `gorm:"size:64" json:"current_version"`
	TargetVersion  string `gorm:"size:64" json:"target_version"`
	VendorID       *uint  `gorm:"index" json:"vendor_id,omitempty"`
	UpgradeType    string `gorm:"size:16" json:"upgrade_type"`
	Urgency        string `gorm:"size:16" json:"urgency"`
	Source         string `gorm:"size:16" json:"source"`
	Content        string `gorm:"type:text" json:"content"`
	Problem        string `gorm:"type:text" json:"problem"`
	Impact         string `gorm:"type:text" json:"impact"`
	ExpectedDate   string `gorm:"size:10;index" json:"expected_date"`
}

// Decision records one action taken on a case: who, when, the decision,
// the opinion and whether it was confirmed on signed paper.
type Decision struct {
	ID          uint   `gorm:"primaryKey" json:"id"`
	CaseID      uint   `gorm:"not null;index" json:"case_id"`
	StateSeq    int    `gorm:"not null" json:"state_seq"`
	Action      Action `gorm:"size:16;not null" json:"action"`
	FromState   State  `gorm:"size:16;not null" json:"from_state"`
	ToState     State  `gorm:"size:16;not null" json:"to_state"`
	ActorID     uint   `gorm:"not null" json:"actor_id"`
	ActorName   string `gorm:"size:64;not null" json:"actor_name"`
	ActorRole   Role   `gorm:"size:16;not null" json:"actor_role"`
	Opinion     string `gorm:"type:text" json:"opinion"`
	PaperSigned bool   `gorm:"not null;default:false" json:"paper_signed"`
	// ForID and ForName say for whom a stand-in took the decision (代签):
	// the person (ForID) or the role of a department (ForName only).
	ForID   *uint     `json:"for_id,omitempty"`
	ForName string    `gorm:"size:64;not null;default:''" json:"for_name,omitempty"`
	ScanID  *uint     `json:"scan_id,omitempty"`
	At      time.Time `gorm:"not null;index" json:"at"`
	// Warning is what the actor was warned of and went on with: the
	// conflicts of the plan's downtime windows at its submission and
	// approval, in Chinese, a conflict a line; "" when there were none.
	Warning string `gorm:"type:text;not null;default:''" json:"warning,omitempty"`
}

// Rating is one criterion of an assessment.
type Rating struct {
	Rating string `gorm:"size:8" json:"rating"`
	Notes  string `gorm:"type:text" json:"notes"`
}

// Assessment is the assessment meeting and report (需求评估报告).
type Assessment struct {
	Meta
	CaseID          uint          `gorm:"not null;uniqueIndex" json:"case_id"`
	MeetingDate     string        `gorm:"size:10" json:"meeting_date"`
	MeetingPlace    string        `gorm:"size:128" json:"meeting_place"`
	Reasonable      Rating        `gorm:"embedded;embeddedPrefix:reasonable_" json:"reasonable"`
	Necessary       Rating        `gorm:"embedded;embeddedPrefix:necessary_" json:"necessary"`
	Feasible        Rating        `gorm:"embedded;embeddedPrefix:feasible_" json:"feasible"`
	Impact          Rating        `gorm:"embedded;embeddedPrefix:impact_" json:"impact"`
	Cost            Rating        `gorm:"embedded;embeddedPrefix:cost_" json:"cost"`
	Benefit         Rating        `gorm:"embedded;embeddedPrefix:benefit_" json:"benefit"`
	EstimatedCost   Money         `gorm:"not null;default:0" json:"estimated_cost"`
	Conclusion      string        `gorm:"size:16" json:"conclusion"`
	Recommendation  string        `gorm:"type:text" json:"recommendation"`
	PreliminaryPlan string        `gorm:"type:text" json:"preliminary_plan"`
	Participants    []Participant `gorm:"constraint:OnDelete:CASCADE" json:"participants"`
}

// Criterion returns the rating of the named criterion (see Criteria).
func (a *Assessment) Criterion(name string) *Rating {
	switch name {
	case "reasonable":
		return &a.Reasonable
	case "necessary":
		return &a.Necessary
	case "feasible":
		return &a.Feasible
	case "impact":
		return &a.Impact
	case "cost":
		return &a.Cost
	case "benefit":
		return &a.Benefit
	}
	return nil
}

// Participant is a person at the assessment meeting.
type Participant struct {
	ID           uint   `gorm:"primaryKey" json:"-"`
	AssessmentID uint   `gorm:"not null;index" json:"-"`
	Pos          int    `json:"-"`
	Name         string `gorm:"size:64" json:"name"`
	Side         string `gorm:"size:16" json:"side"`
	Org          string `gorm:"size:128" json:"org"`
}

// Plan is the upgrade plan (软件升级计划). Its downtime is one or more
// windows (Windows); DowntimeWindow is the downtime as text: what the
// windows do not say, and a downtime written before windows were kept
// that could not be read as one.
type Plan struct {
	Meta
	CaseID           uint             `gorm:"not null;uniqueIndex" json:"case_id"`
	Goals            string           `gorm:"type:text" json:"goals"`
	Scope            string           `gorm:"type:text" json:"scope"`
	EnvAssessment    string           `gorm:"type:text" json:"env_assessment"`
	TechApproach     string           `gorm:"type:text" json:"tech_approach"`
	RollbackPlan     string           `gorm:"type:text" json:"rollback_plan"`
	TrainingPlan     string           `gorm:"type:text" json:"training_plan"`
	DowntimeWindow   string           `gorm:"size:128" json:"downtime_window"`
	Windows          []DowntimeWindow `gorm:"constraint:OnDelete:CASCADE" json:"downtime_windows"`
	Milestones       []Milestone      `gorm:"constraint:OnDelete:CASCADE" json:"milestones"`
	Responsibilities []Responsibility `gorm:"constraint:OnDelete:CASCADE" json:"responsibilities"`
	Risks            []Risk           `gorm:"constraint:OnDelete:CASCADE" json:"risks"`
	BudgetItems      []BudgetItem     `gorm:"constraint:OnDelete:CASCADE" json:"budget_items"`
}

// Budget returns the plan's total budget.
func (p *Plan) Budget() Money {
	var sum Money
	for _, b := range p.BudgetItems {
		sum += b.Amount
	}
	return sum
}

// Milestone is one line of the plan's schedule.
type Milestone struct {
	ID     uint   `gorm:"primaryKey" json:"-"`
	PlanID uint   `gorm:"not null;index" json:"-"`
	Pos    int    `json:"-"`
	Name   string `gorm:"size:128" json:"name"`
	Start  string `gorm:"size:10" json:"start"`
	End    string `gorm:"size:10" json:"end"`
}

// Responsibility assigns a task of the plan to a person.
type Responsibility struct {
	ID     uint   `gorm:"primaryKey" json:"-"`
	PlanID uint   `gorm:"not null;index" json:"-"`
	Pos    int    `json:"-"`
	Task   string `gorm:"size:200" json:"task"`
	Person string `gorm:"size:64" json:"person"`
}

// Risk is one line of the plan's risk assessment.
type Risk struct {
	ID             uint   `gorm:"primaryKey" json:"-"`
	PlanID         uint   `gorm:"not null;index" json:"-"`
	Pos            int    `json:"-"`
	Risk           string `gorm:"type:text" json:"risk"`
	Likelihood     string `gorm:"size:8" json:"likelihood"`
	Impact         string `gorm:"size:8" json:"impact"`
	Countermeasure string `gorm:"type:text" json:"countermeasure"`
}

// BudgetItem is one line of the plan's budget.
type BudgetItem struct {
	ID     uint   `gorm:"primaryKey" json:"-"`
	PlanID uint   `gorm:"not null;index" json:"-"`
	Pos    int    `json:"-"`
	Item   string `gorm:"size:200" json:"item"`
	Amount Money  `gorm:"not null;default:0" json:"amount"`
}

// Backup is a backup record (备份记录) of the data administrator.
type Backup struct {
	Meta
	CaseID     uint       `gorm:"not null;index" json:"case_id"`
	Kind       string     `gorm:"size:8;not null" json:"kind"`
	TakenAt    time.Time  `json:"taken_at"`
	Scope      string     `gorm:"type:text" json:"scope"`
	Method     string     `gorm:"size:128" json:"method"`
	Location   string     `gorm:"size:256" json:"location"`
	Verified   bool       `gorm:"not null;default:false" json:"verified"`
	VerifiedAt *time.Time `json:"verified_at,omitempty"`
	Operator   string     `gorm:"size:64" json:"operator"`
	Notes      string     `gorm:"type:text" json:"notes"`
}

// Implementation is the implementation record (实施记录).
type Implementation struct {
	Meta
	CaseID          uint       `gorm:"not null;uniqueIndex" json:"case_id"`
	ActualStart     *time.Time `json:"actual_start"`
	ActualEnd       *time.Time `json:"actual_end"`
	Steps           string     `gorm:"type:text" json:"steps"`
	Problems        string     `gorm:"type:text" json:"problems"`
	DowntimeMinutes int        `gorm:"not null;default:0" json:"downtime_minutes"`
	VendorStaff     string     `gorm:"size:200" json:"vendor_staff"`
}

// Migration is the data migration record (数据迁移记录).
type Migration struct {
	Meta
	CaseID  uint   `gorm:"not null;uniqueIndex" json:"case_id"`
	Scope   string `gorm:"type:text" json:"scope"`
	Records int64  `gorm:"not null;default:0" json:"records"`
	Checks  string `gorm:"type:text" json:"checks"`
	Notes   string `gorm:"type:text" json:"notes"`
}

// TestRecord is one test of the upgraded system (测试记录).
type TestRecord struct {
	Meta
	CaseID uint   `gorm:"not null;index" json:"case_id"`
	Type   string `gorm:"size:16;not null" json:"type"`
	Date   string `gorm:"size:10" json:"date"`
	Tester string `gorm:"size:64" json:"tester"`
	Items  string `gorm:"type:text" json:"items"`
	Result string `gorm:"size:8" json:"result"`
	Notes  string `gorm:"type:text" json:"notes"`
}

// Acceptance is the acceptance form (软件升级验收单) without its signatures,
// which are decisions.
type Acceptance struct {
	Meta
	CaseID      uint   `gorm:"not null;uniqueIndex" json:"case_id"`
	Conclusion  string `gorm:"size:16" json:"conclusion"`
	Outstanding string `gorm:"type:text" json:"outstanding"`
	Notes       string `gorm:"type:text" json:"notes"`
}

// RollbackReport is the rollback report (软件升级回退报告).
type RollbackReport struct {
	Meta
	CaseID          uint   `gorm:"not null;uniqueIndex" json:"case_id"`
	Date            string `gorm:"size:10" json:"date"`
	Problem         string `gorm:"type:text" json:"problem"`
	RestoredVersion string `gorm:"size:64" json:"restored_version"`
	RestoreStatus   string `gorm:"size:16" json:"restore_status"`
	Cause           string `gorm:"type:text" json:"cause"`
	Improvements    string `gorm:"type:text" json:"improvements"`
}

// Registration is the registration form (软件版本升级登记表).
type Registration struct {
	Meta
	CaseID        uint   `gorm:"not null;uniqueIndex" json:"case_id"`
	SystemID      uint   `gorm:"not null" json:"system_id"`
	OldVersion    string `gorm:"size:64" json:"old_version"`
	NewVersion    string `gorm:"size:64" json:"new_version"`
	EffectiveDate string `gorm:"size:10" json:"effective_date"`
	UpgradeType   string `gorm:"size:16" json:"upgrade_type"`
	Registrar     string `gorm:"size:64" json:"registrar"`
	Notes         string `gorm:"type:text" json:"notes"`
	Registered    bool   `gorm:"not null;default:false" json:"registered"`
}

// Cost is one cost record (费用核算) of the accountant.
type Cost struct {
	Meta
	CaseID    uint   `gorm:"not null;index" json:"case_id"`
	Item      string `gorm:"size:200" json:"item"`
	Amount    Money  `gorm:"not null;default:0" json:"amount"`
	InvoiceNo string `gorm:"size:64" json:"invoice_no"`
	Date      string `gorm:"size:10" json:"date"`
	Notes     string `gorm:"type:text" json:"notes"`
	// Addendum marks a cost recorded after the case was archived: it is
	// filed with the case as a document of its own (费用补记单), and the
	// sealed dossier stays as it was.
	Addendum bool `gorm:"not null;default:false" json:"addendum"`
}

// Training is one training session (培训记录).
type Training struct {
	Meta
	CaseID    uint   `gorm:"not null;index" json:"case_id"`
	Date      string `gorm:"size:10" json:"date"`
	Audience  string `gorm:"size:200" json:"audience"`
	Content   string `gorm:"type:text" json:"content"`
	Trainer   string `gorm:"size:64" json:"trainer"`
	Attendees int    `gorm:"not null;default:0" json:"attendees"`
	Feedback  string `gorm:"type:text" json:"feedback"`
}

// Evaluation is the post-evaluation (后评估).
type Evaluation struct {
	Meta
	CaseID       uint   `gorm:"not null;uniqueIndex" json:"case_id"`
	Effect       string `gorm:"type:text" json:"effect"`
	Improvements string `gorm:"type:text" json:"improvements"`
	CostBenefit  string `gorm:"type:text" json:"cost_benefit"`
	Outcome      string `gorm:"size:8" json:"outcome"`
	Conclusion   string `gorm:"type:text" json:"conclusion"`
}

// ArchiveEntry records the archiving of a case: when, by whom and the
// SHA-256 of the dossier PDF, which is kept as an attachment.
type ArchiveEntry struct {
	ID           uint      `gorm:"primaryKey" json:"id"`
	CaseID       uint      `gorm:"not null;uniqueIndex" json:"case_id"`
	ArchivedAt   time.Time `json:"archived_at"`
	ArchivedByID uint      `json:"archived_by_id"`
	ArchivedBy   string    `gorm:"size:64" json:"archived_by"`
	DossierSHA   string    `gorm:"size:64;not null;index" json:"dossier_sha256"`
	AttachmentID uint      `json:"attachment_id"`
	// PaperOverride is the 信息主管's reason for archiving with signed
	// paper still outstanding (ActionRequest.PaperOverride); "" when none
	// was.
	PaperOverride string `gorm:"type:text;not null;default:''" json:"paper_override,omitempty"`
}

// Attachment is a file attached to a case (a scan of a signed form, a
// vendor document …). Its bytes live in AttachmentData.
type Attachment struct {
	ID     uint  `gorm:"primaryKey" json:"id"`
	CaseID *uint `gorm:"index" json:"case_id"`
	// Name is the file name made safe on Windows and Linux (see
	// SafeFileName): it is what Save As suggests. OriginalName is the name
	// as it was given, to be shown as text only.
	Name         string    `gorm:"size:255;not null" json:"name"`
	OriginalName string    `gorm:"size:255" json:"original_name,omitempty"`
	MIME         string    `gorm:"size:128" json:"mime"`
	Size         int64     `gorm:"not null" json:"size"`
	SHA256       string    `gorm:"size:64;not null;index" json:"sha256"`
	Note         string    `gorm:"size:255" json:"note"`
	UploadedBy   string    `gorm:"size:64" json:"uploaded_by"`
	UploaderID   uint      `json:"uploader_id"`
	CreatedAt    time.Time `json:"created_at"`
}

// AttachmentData holds the bytes of one attachment.
type AttachmentData struct {
	AttachmentID uint   `gorm:"primaryKey"`
	Data         []byte `gorm:"not null"`
}

// Setting is a setting shared by every PC, such as the library's name.
type Setting struct {
	Key       string `gorm:"primaryKey;size:64"`
	Value     string `gorm:"type:text"`
	UpdatedAt time.Time
}

// caseCounter holds the last case number given out in a year.
type caseCounter struct {
	Year int `gorm:"primaryKey;autoIncrement:false"`
	Last int `gorm:"not null"`
}

func (caseCounter) TableName() string { return "case_counters" }

// metaRow is a key/value row of the schema's own bookkeeping.
type metaRow struct {
	Key   string `gorm:"primaryKey;size:64"`
	Value string `gorm:"size:255"`
}

func (metaRow) TableName() string { return "schema_meta" }
