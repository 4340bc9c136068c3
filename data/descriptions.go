package data

// This file describes every record of a case, and the master data they
// refer to, once (see Record). The order of the fields is the order of the
// form; sections start where Section is set.

var (
	participantRows = &Record{Table: "participants", Fields: []*Field{
		{Key: "name", Label: "participant_name", Kind: KindText, Max: 64, Required: true, Width: 160},
		{Key: "side", Label: "participant_side", Kind: KindChoice, List: "side", Required: true, Width: 150},
		{Key: "org", Label: "participant_org", Kind: KindText, Max: 128, Width: 260},
	}}
	milestoneRows = &Record{Table: "milestones", Fields: []*Field{
		{Key: "name", Label: "milestone_name", Kind: KindText, Max: 128, Required: true, Width: 300},
		{Key: "start", Label: "milestone_start", Kind: KindDate, Required: true, Width: 130},
		{Key: "end", Label: "milestone_end", Kind: KindDate, Required: true, NotBefore: "start", Width: 130},
	}}
	responsibilityRows = &Record{Table: "responsibilities", Fields: []*Field{
		{Key: "task", Label: "task", Kind: KindText, Max: 200, Required: true, Width: 380},
		{Key: "person", Label: "person", Kind: KindText, Max: 64, Required: true, Width: 180},
	}}
	riskRows = &Record{Table: "risks", Fields: []*Field{
		{Key: "risk", Label: "risk", Kind: KindLongText, Required: true, Width: 220},
		{Key: "likelihood", Label: "likelihood", Kind: KindChoice, List: "likelihood", Width: 80},
		{Key: "impact", Label: "risk_impact", Kind: KindChoice, List: "likelihood", Width: 80},
		{Key: "countermeasure", Label: "countermeasure", Kind: KindLongText, Required: true, Width: 250},
	}}
	windowRows = &Record{Table: "downtime_windows", Fields: []*Field{
		{Key: "start", Label: "window_start", Kind: KindDateTime, Required: true, Width: 150},
		{Key: "end", Label: "window_end", Kind: KindDateTime, Required: true, NotBefore: "start", Later: true, Width: 150},
		{Key: "systems", Label: "window_systems", Kind: KindSystems, Required: true, Width: 260},
		{Key: "notes", Label: "window_notes", Kind: KindText, Max: 200, Width: 180},
	}}
	budgetRows = &Record{Table: "budget_items", Fields: []*Field{
		{Key: "item", Label: "budget_item", Kind: KindText, Max: 200, Required: true, Width: 380},
		{Key: "amount", Label: "amount", Kind: KindMoney, Width: 180},
	}}
)

// The stage records, in the order of the procedure.
var (
	requestRecord = (&Record{Table: "cases", Form: FormRequest, Single: true, Applicant: true,
		States: []State{StateDraft}, Fields: []*Field{
			{Key: "title", Label: "title", Section: "request.section_basic", Kind: KindText, Max: 200, Required: true},
			{Key: "department_id", Label: "department", Kind: KindDept, Filler: ByStore},
			{Key: "applicant_id", Label: "applicant", Kind: KindUser, Filler: ByStore},
			{Key: "business_dept_id", Label: "business_dept", Kind: KindDept, Filler: ByStore},
			{Key: "system_id", Label: "system", Kind: KindSystem, Required: true},
			{Key: "vendor_id", Label: "vendor", Kind: KindVendor, Filler: ByStore},
			{Key: "current_version", Label: "current_version", Kind: KindVersion, Filler: ByStore},
			{Key: "target_version", Label: "target_version", Kind: KindVersion},
			{Key: "upgrade_type", Label: "upgrade_type", Kind: KindChoice, List: "upgrade_type", Required: true},
			{Key: "urgency", Label: "urgency", Kind: KindChoice, List: "urgency", Required: true},
			{Key: "source", Label: "source", Kind: KindChoice, List: "source", Required: true},
			{Key: "phone", Label: "phone", Kind: KindPhone, Required: true},
			{Key: "request_date", Label: "request_date", Kind: KindDate, Required: true},
			{Key: "expected_date", Label: "expected_date", Kind: KindDate, Required: true, NotBefore: "request_date"},
			{Key: "content", Label: "content", Section: "request.section_need", Kind: KindLongText, Required: true},
			{Key: "problem", Label: "problem", Kind: KindLongText, Required: true},
			{Key: "impact", Label: "impact", Kind: KindLongText, Required: true},
			{Key: "no", Label: "no", Kind: KindText, Max: 16, Filler: ByWorkflow},
			{Key: "state", Label: "state", Kind: KindState, Filler: ByWorkflow},
			{Key: "merged_into_id", Label: "merge_into", Kind: KindCase, Filler: ByWorkflow},
			{Key: "closed_at", Label: "closed_at", Kind: KindDateTime, Filler: ByWorkflow},
		}}).bind(Case{})

	assessmentRecord = (&Record{Table: "assessments", Form: FormAssessment, Single: true,
		Roles: itRoles, States: []State{StateAssessing}, Fields: []*Field{
			{Key: "meeting_date", Label: "meeting_date", Section: "assessment.section_meeting", Kind: KindDate, Required: true},
			{Key: "meeting_place", Label: "meeting_place", Kind: KindText, Max: 128, Required: true},
			{Key: "participants", Label: "participants", Kind: KindRows, Rows: participantRows, Required: true},
			{Key: "reasonable", Label: "criterion.reasonable", Section: "assessment.section_criteria", Kind: KindRated, List: "rating", Required: true},
			{Key: "necessary", Label: "criterion.necessary", Kind: KindRated, List: "rating", Required: true},
			{Key: "feasible", Label: "criterion.feasible", Kind: KindRated, List: "rating", Required: true},
			{Key: "impact", Label: "criterion.impact", Kind: KindRated, List: "burden", Required: true},
			{Key: "cost", Label: "criterion.cost", Kind: KindRated, List: "burden", Required: true},
			{Key: "benefit", Label: "criterion.benefit", Kind: KindRated, List: "rating", Required: true},
			{Key: "estimated_cost", Label: "estimated_cost", Section: "assessment.section_conclusion", Kind: KindMoney},
			{Key: "conclusion", Label: "conclusion", Kind: KindChoice, List: "feasibility", Required: true},
			{Key: "recommendation", Label: "recommendation", Kind: KindLongText, Required: true},
			{Key: "preliminary_plan", Label: "preliminary_plan", Kind: KindLongText, Required: true,
				OptionalIf: &Match{Key: "conclusion", Values: []string{"infeasible"}}},
		}}).bind(Assessment{})

	planRecord = (&Record{Table: "plans", Form: FormPlan, Single: true,
		Roles: itRoles, States: []State{StatePlanning}, Fields: []*Field{
			{Key: "goals", Label: "goals", Section: "plan.section_goals", Kind: KindLongText, Required: true},
			{Key: "scope", Label: "scope", Kind: KindLongText, Required: true},
			{Key: "milestones", Label: "milestones", Section: "plan.section_schedule", Kind: KindRows, Rows: milestoneRows, Required: true},
			{Key: "responsibilities", Label: "responsibilities", Kind: KindRows, Rows: responsibilityRows, Required: true},
			{Key: "env_assessment", Label: "env_assessment", Section: "plan.section_approach", Kind: KindLongText},
			{Key: "tech_approach", Label: "tech_approach", Kind: KindLongText, Required: true},
			{Key: "risks", Label: "risks", Kind: KindRows, Rows: riskRows, Required: true},
			{Key: "rollback_plan", Label: "rollback_plan", Kind: KindLongText, Required: true},
			{Key: "downtime_windows", Label: "downtime_windows", Kind: KindRows, Rows: windowRows},
			{Key: "downtime_window", Label: "downtime_note", Kind: KindText, Max: 128},
			{Key: "training_plan", Label: "training_plan", Section: "plan.section_training_budget", Kind: KindLongText, Required: true},
			{Key: "budget_items", Label: "budget", Kind: KindRows, Rows: budgetRows, Required: true, Total: "amount"},
		}}).bind(Plan{})

	backupRecord = (&Record{Table: "backups", Form: FormBackup,
		Roles: []Role{RoleDataAdmin}, States: []State{StateImplementing, StateAccepting, StateRolledBack}, Fields: []*Field{
			{Key: "kind", Label: "backup_kind", Kind: KindChoice, List: "backup_kind", Required: true, Width: 90},
			{Key: "taken_at", Label: "taken_at", Kind: KindDateTime, Required: true, NotFuture: true, Width: 150},
			{Key: "scope", Label: "backup_scope", Kind: KindLongText, Required: true, Width: 180},
			{Key: "method", Label: "backup_method", Kind: KindText, Max: 128, Required: true, Width: 150},
			{Key: "location", Label: "backup_location", Kind: KindText, Max: 256, Required: true, Width: 180},
			{Key: "verified", Label: "verified", Kind: KindBool, Width: 70},
			{Key: "verified_at", Label: "verified_at", Kind: KindDateTime, Filler: ByStore},
			{Key: "operator", Label: "operator", Kind: KindText, Max: 64, Width: 90},
			{Key: "notes", Label: "notes", Kind: KindLongText},
		}}).bind(Backup{})

	implementationRecord = (&Record{Table: "implementations", Form: FormImplementation, Single: true,
		Roles: []Role{RoleSysadmin}, States: []State{StateImplementing}, Fields: []*Field{
			{Key: "actual_start", Label: "actual_start", Kind: KindDateTime, Required: true, NotFuture: true},
			{Key: "actual_end", Label: "actual_end", Kind: KindDateTime, Required: true, NotFuture: true, NotBefore: "actual_start"},
			{Key: "steps", Label: "steps", Kind: KindLongText, Required: true},
			{Key: "problems", Label: "problems", Kind: KindLongText},
			{Key: "downtime_minutes", Label: "downtime", Kind: KindCount},
			{Key: "vendor_staff", Label: "vendor_staff", Kind: KindText, Max: 200},
		}}).bind(Implementation{})

	migrationRecord = (&Record{Table: "migrations", Form: FormMigration, Single: true,
		Roles: []Role{RoleDataAdmin}, States: []State{StateImplementing}, Fields: []*Field{
			{Key: "scope", Label: "migration_scope", Kind: KindLongText},
			{Key: "records", Label: "migration_records", Kind: KindCount},
			{Key: "checks", Label: "migration_checks", Kind: KindLongText},
			{Key: "notes", Label: "notes", Kind: KindLongText},
		}}).bind(Migration{})

	testRecord = (&Record{Table: "test_records", Form: FormTest,
		Roles: []Role{RoleSysadmin, RoleDataAdmin, RoleStaff, RoleDeptHead}, States: []State{StateAccepting}, Fields: []*Field{
			{Key: "type", Label: "test_type", Kind: KindChoice, List: "test_type", Required: true, Width: 130},
			{Key: "date", Label: "test_date", Kind: KindDate, Required: true, Width: 130},
			{Key: "tester", Label: "tester", Kind: KindText, Max: 64, Width: 90},
			{Key: "items", Label: "test_items", Kind: KindLongText, Required: true, Width: 320},
			{Key: "result", Label: "test_result", Kind: KindChoice, List: "test_result", Required: true, Width: 80},
			{Key: "notes", Label: "notes", Kind: KindLongText, Width: 160},
		}}).bind(TestRecord{})

	acceptanceRecord = (&Record{Table: "acceptances", Form: FormAcceptance, Single: true,
		Roles: itRoles, States: []State{StateAccepting}, Fields: []*Field{
			{Key: "conclusion", Label: "acceptance_result", Kind: KindChoice, List: "acceptance", Required: true},
			{Key: "outstanding", Label: "outstanding", Kind: KindLongText},
			{Key: "notes", Label: "notes", Kind: KindLongText},
		}}).bind(Acceptance{})

	rollbackRecord = (&Record{Table: "rollback_reports", Form: FormRollback, Single: true,
		Roles: []Role{RoleSysadmin, RoleDataAdmin}, States: []State{StateImplementing, StateAccepting, StateRolledBack},
		Fields: []*Field{
			{Key: "date", Label: "rollback_date", Kind: KindDate, Required: true},
			{Key: "problem", Label: "rollback_problem", Kind: KindLongText, Required: true},
			{Key: "restored_version", Label: "restored_version", Kind: KindVersion, Required: true},
			{Key: "restore_status", Label: "restore_status", Kind: KindChoice, List: "restore", Required: true},
			{Key: "cause", Label: "cause", Kind: KindLongText, Required: true},
			{Key: "improvements", Label: "improvements", Kind: KindLongText},
		}}).bind(RollbackReport{})

	registrationRecord = (&Record{Table: "registrations", Form: FormRegistration, Single: true,
		Roles: []Role{RoleSysadmin}, States: []State{StateRegistering}, Fields: []*Field{
			{Key: "system_id", Label: "system", Kind: KindSystem, Filler: ByStore},
			{Key: "old_version", Label: "old_version", Kind: KindVersion, Filler: ByStore},
			{Key: "new_version", Label: "new_version", Kind: KindVersion, Required: true},
			{Key: "effective_date", Label: "effective_date", Kind: KindDate, Required: true},
			{Key: "upgrade_type", Label: "upgrade_type", Kind: KindChoice, List: "upgrade_type", Required: true},
			{Key: "registrar", Label: "registrar", Kind: KindText, Max: 64},
			{Key: "notes", Label: "notes", Kind: KindLongText},
			{Key: "registered", Label: "registered", Kind: KindBool, Filler: ByStore},
		}}).bind(Registration{})

	costRecord = (&Record{Table: "costs", Form: FormCost, Roles: []Role{RoleAccountant},
		States: []State{StatePlanApproval, StateImplementing, StateAccepting, StateRegistering, StateFollowUp, StateRolledBack,
			StateClosed},
		Fields: []*Field{
			{Key: "item", Label: "cost_item", Kind: KindText, Max: 200, Required: true, Width: 280},
			{Key: "amount", Label: "amount", Kind: KindMoney, Required: true, Positive: true, Width: 130},
			{Key: "invoice_no", Label: "invoice_no", Kind: KindText, Max: 64, Width: 150},
			{Key: "date", Label: "cost_date", Kind: KindDate, Required: true, Width: 130},
			{Key: "notes", Label: "notes", Kind: KindLongText, Width: 200},
			{Key: "addendum", Label: "addendum", Kind: KindBool, Filler: ByStore},
		}}).bind(Cost{})

	trainingRecord = (&Record{Table: "trainings", Form: FormTraining,
		Roles: []Role{RoleSysadmin, RoleStaff, RoleITDirector}, States: []State{StateRegistering, StateFollowUp}, Fields: []*Field{
			{Key: "date", Label: "training_date", Kind: KindDate, Required: true, Width: 130},
			{Key: "audience", Label: "audience", Kind: KindText, Max: 200, Required: true, Width: 170},
			{Key: "content", Label: "training_content", Kind: KindLongText, Required: true, Width: 280},
			{Key: "trainer", Label: "trainer", Kind: KindText, Max: 64, Required: true, Width: 100},
			{Key: "attendees", Label: "attendees", Kind: KindCount, Width: 90},
			{Key: "feedback", Label: "feedback", Kind: KindLongText, Width: 140},
		}}).bind(Training{})

	evaluationRecord = (&Record{Table: "evaluations", Form: FormEvaluation, Single: true,
		Roles: []Role{RoleITDirector, RoleSysadmin}, States: []State{StateFollowUp}, Fields: []*Field{
			{Key: "effect", Label: "effect", Kind: KindLongText, Required: true},
			{Key: "improvements", Label: "process_improvements", Kind: KindLongText},
			{Key: "cost_benefit", Label: "cost_benefit", Kind: KindLongText, Required: true},
			{Key: "outcome", Label: "outcome", Kind: KindChoice, List: "outcome", Required: true},
			{Key: "conclusion", Label: "evaluation_conclusion", Kind: KindLongText, Required: true},
		}}).bind(Evaluation{})

	attachmentRecord = (&Record{Table: "attachments", Form: FormAttachment, Applicant: true,
		Roles: []Role{RoleITDirector, RoleSysadmin, RoleDataAdmin, RoleDeptHead, RoleFinanceManager,
			RoleAccountant, RoleManagement, RoleStaff}, States: openStates, Fields: []*Field{
			{Key: "name", Label: "file_name", Kind: KindText, Max: 255, Required: true, Width: 170},
			{Key: "note", Label: "attachment_note", Kind: KindText, Max: 255, Width: 150},
			{Key: "mime", Label: "mime", Kind: KindText, Max: 128, Filler: ByStore, Width: 100},
			{Key: "size", Label: "size", Kind: KindCount, Filler: ByStore, Width: 60},
			{Key: "sha256", Label: "sha256", Kind: KindText, Max: 64, Filler: ByStore},
			{Key: "uploaded_by", Label: "uploaded_by", Kind: KindText, Max: 64, Filler: ByStore, Width: 70},
		}}).bind(Attachment{})
)

// Master data.
var (
	departmentRecord = (&Record{Table: "departments", Fields: []*Field{
		{Key: "name", Label: "dept_name", Kind: KindText, Max: 64, Required: true},
		{Key: "kind", Label: "dept_kind", Kind: KindChoice, List: "deptkind", Required: true},
	}}).bind(Department{})

	userRecord = (&Record{Table: "users", Fields: []*Field{
		{Key: "username", Label: "username", Kind: KindText, Max: 64, Required: true},
		{Key: "full_name", Label: "full_name", Kind: KindText, Max: 64, Required: true},
		{Key: "department_id", Label: "department_id", Kind: KindDept, Required: true},
		{Key: "roles", Label: "roles", Kind: KindText, Max: 200},
		{Key: "phone", Label: "phone", Kind: KindPhone},
		{Key: "email", Label: "email", Kind: KindEmail},
		{Key: "disabled", Label: "disabled", Kind: KindBool},
		{Key: "mail_lang", Label: "mail_lang", Kind: KindChoice, List: "mail_lang"},
		{Key: "digest_off", Label: "digest_off", Kind: KindBool},
	}}).bind(User{})

	vendorRecord = (&Record{Table: "vendors", Fields: []*Field{
		{Key: "name", Label: "vendor_name", Kind: KindText, Max: 128, Required: true},
		{Key: "contact", Label: "contact", Kind: KindText, Max: 64},
		{Key: "phone", Label: "phone", Kind: KindPhone},
		{Key: "email", Label: "email", Kind: KindEmail},
		{Key: "contract_no", Label: "contract_no", Kind: KindText, Max: 64},
		{Key: "notes", Label: "notes", Kind: KindLongText},
	}}).bind(Vendor{})

	systemRecord = (&Record{Table: "systems", Fields: []*Field{
		{Key: "name", Label: "system_name", Kind: KindText, Max: 128, Required: true},
		{Key: "code", Label: "system_code", Kind: KindText, Max: 32},
		{Key: "vendor_id", Label: "vendor_id", Kind: KindVendor},
		{Key: "owner_dept_id", Label: "owner_dept_id", Kind: KindDept, Required: true},
		{Key: "current_version", Label: "current_version", Kind: KindVersion, Required: true},
		{Key: "installed_on", Label: "installed_on", Kind: KindDate},
		{Key: "description", Label: "description", Kind: KindLongText},
		{Key: "depends_on", Label: "depends_on", Kind: KindSystems},
	}}).bind(System{})
)

// StageRecords lists the records of a case's stage forms in the order of
// the procedure.
var StageRecords = []*Record{
	requestRecord, assessmentRecord, planRecord, backupRecord, implementationRecord, migrationRecord,
	testRecord, acceptanceRecord, rollbackRecord, registrationRecord, costRecord, trainingRecord,
	evaluationRecord, attachmentRecord,
}

// masterRecords lists the master data, and what 设置 keeps besides: the
// stand-ins (代理) and the holidays and make-up working days.
var masterRecords = []*Record{departmentRecord, userRecord, vendorRecord, systemRecord, substituteRecord,
	calendarDayRecord, blackoutRecord}

var (
	recordsByForm  = map[Form]*Record{}
	recordsByTable = map[string]*Record{}
)

func init() {
	for _, r := range StageRecords {
		recordsByForm[r.Form] = r
	}
	for _, r := range append(append([]*Record{}, StageRecords...), masterRecords...) {
		recordsByTable[r.Table] = r
		for _, f := range r.Fields {
			if f.Kind == KindRows {
				recordsByTable[f.Rows.Table] = f.Rows
			}
		}
	}
}

// RecordOf returns the description of the record of form f, nil for an
// unknown form.
func RecordOf(f Form) *Record { return recordsByForm[f] }

// RecordFor returns the description of the records of table, nil when the
// table holds no described record.
func RecordFor(table string) *Record { return recordsByTable[table] }
