package reports

import (
	"strings"

	"upgradedesk/data"
)

// Kind names one document of a case.
type Kind string

// The documents of a case, in the order of the procedure.
const (
	KindRequest      Kind = "request"      // 软件升级需求申请表
	KindAssessment   Kind = "assessment"   // 软件升级需求评估报告
	KindPlan         Kind = "plan"         // 软件升级计划
	KindNotice       Kind = "notice"       // 系统停机公告, from the plan's downtime windows
	KindAcceptance   Kind = "acceptance"   // 软件升级验收单, with the test records
	KindRollback     Kind = "rollback"     // 软件升级回退报告
	KindRegistration Kind = "registration" // 软件版本升级登记表
	KindAddendum     Kind = "addendum"     // 费用补记单: costs recorded after archiving
	KindDossier      Kind = "dossier"      // 升级事项案卷: every record, the approvals and the history
)

// CaseKinds lists every document of a case in the order of the procedure.
// The cost addendum (KindAddendum) is not one of them: it is made once,
// when a cost is recorded after archiving, and filed with the case as an
// attachment (AddendumDocument).
var CaseKinds = []Kind{KindRequest, KindAssessment, KindPlan, KindNotice, KindAcceptance, KindRollback, KindRegistration,
	KindDossier}

// ledgerCode is the document code of the ledger (软件版本台账).
const ledgerCode = "UD-08"

// kindCodes are the document codes: the code of a case's document is this
// code, a hyphen and the case number, e.g. "UD-01-SJ-2026-0001".
var kindCodes = map[Kind]string{
	KindRequest: "UD-01", KindAssessment: "UD-02", KindPlan: "UD-03", KindAcceptance: "UD-04",
	KindRollback: "UD-05", KindRegistration: "UD-06", KindDossier: "UD-07", KindAddendum: "UD-09", KindNotice: "UD-10",
}

// Valid reports whether k is one of CaseKinds.
func (k Kind) Valid() bool {
	_, ok := kindCodes[k]
	return ok
}

// ParseKind returns the kind named s ("plan", …; case and surrounding
// space do not matter), or an error (EInvalid) listing the kinds.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if k.Valid() {
		return k, nil
	}
	names := make([]string, len(CaseKinds))
	for i, k := range CaseKinds {
		names[i] = string(k)
	}
	return "", &data.Error{Code: data.EInvalid, Key: "report.err.unknown_kind",
		Args: map[string]any{"Kind": s, "Kinds": strings.Join(names, ", ")}}
}

// Title returns the Chinese title of a document, e.g. "软件升级需求申请表";
// the title of an unknown kind is the kind itself.
func Title(k Kind) string {
	if !k.Valid() {
		return string(k)
	}
	if k == KindAddendum { // named as the store names the file it attaches
		return label("addendum.title")
	}
	return label("report.kind." + string(k))
}

// Code returns the document code of a case's document, e.g.
// "UD-01-SJ-2026-0001": printed under the title and in the footer, and
// carried by the QR code.
func Code(k Kind, d *data.Dossier) string {
	return kindCodes[k] + "-" + d.Case.No
}

// Available returns the documents the case has now, in the order of
// CaseKinds: the request form and the dossier always; the others once
// their record exists (the assessment report once an assessment is saved,
// the plan once a plan is saved, the acceptance form once a test record
// or the acceptance is saved, the rollback report once one is written,
// the registration form once the registration is saved). Rejected, merged
// and cancelled cases keep whatever documents they reached.
func Available(d *data.Dossier) []Kind {
	out := make([]Kind, 0, len(CaseKinds))
	for _, k := range CaseKinds {
		if has(k, d) {
			out = append(out, k)
		}
	}
	return out
}

// has reports whether the case has document k now.
func has(k Kind, d *data.Dossier) bool {
	switch k {
	case KindRequest, KindDossier:
		return true
	case KindAssessment:
		return d.Assessment != nil
	case KindPlan:
		return d.Plan != nil
	case KindNotice:
		return d.HasNotice()
	case KindAcceptance:
		return d.Acceptance != nil || len(d.Tests) > 0
	case KindRollback:
		return d.Rollback != nil
	case KindRegistration:
		return d.Registration != nil
	case KindAddendum:
		late, _ := addendumCosts(d)
		return d.Archive != nil && len(late) > 0
	}
	return false
}

// notAvailable is the error for a document the case does not have (yet).
func notAvailable(k Kind, d *data.Dossier) error {
	return &data.Error{Code: data.EState, Key: "report.err.not_available." + string(k),
		Args: map[string]any{"No": d.Case.No}}
}

// FileName returns the file name of a case's document, e.g.
// "SJ-2026-0001-软件升级需求申请表.pdf". Characters that Windows does not
// allow in file names are replaced by "_".
func FileName(k Kind, d *data.Dossier) string {
	return safeFileName(d.Case.No + "-" + Title(k) + ".pdf")
}

// safeFileName replaces the characters Windows refuses in a file name
// (control characters and < > : " / \ | ? *) by "_" and trims trailing
// dots and spaces, which Windows drops.
func safeFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimRight(name, ". ")
	if name == "" {
		return "_"
	}
	return name
}
