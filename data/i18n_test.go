package data

import (
	"strings"
	"testing"
)

// TestVocabularyIsTranslated checks that every state, role, action, form,
// choice and criterion has a label in both languages.
func TestVocabularyIsTranslated(t *testing.T) {
	var keys []string
	for _, s := range AllStates {
		keys = append(keys, s.LabelKey())
	}
	for _, r := range AllRoles {
		keys = append(keys, r.LabelKey())
	}
	for _, k := range DeptKinds {
		keys = append(keys, k.LabelKey())
	}
	for _, r := range rules {
		keys = append(keys, r.action.LabelKey())
	}
	for _, r := range StageRecords {
		keys = append(keys, "form."+string(r.Form))
	}
	for l, vs := range ChoiceLists {
		for _, v := range vs {
			keys = append(keys, ChoiceKey(l, v))
		}
	}
	for _, c := range Criteria {
		keys = append(keys, "criterion."+c, "field.criterion."+c)
	}
	for _, k := range keys {
		for _, l := range []string{LangZH, LangEN} {
			if T(l, k, nil) == k {
				t.Errorf("%s: no %s text", k, l)
			}
		}
	}
}

// TestMessagesFollowTheLanguage checks that labels inside messages are in
// the message's language.
func TestMessagesFollowTheLanguage(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StateMgmtApproval)
	a, _ := f.s.Assessment(c.ID)
	err := f.s.SaveStage(f.u["sysadmin"], a)
	en := ErrorMessage(err, LangEN)
	if !strings.Contains(en, "In leadership approval") || strings.ContainsRune(en, '评') {
		t.Errorf("English message: %s", en)
	}
	_, err = f.s.Act(f.u["staff"], ActionRequest{CaseID: c.ID, Action: ActApprove})
	if en := ErrorMessage(err, LangEN); !strings.Contains(en, "Library leader") {
		t.Errorf("English role message: %s", en)
	}
	if zh := ErrorMessage(err, LangZH); !strings.Contains(zh, "馆领导") {
		t.Errorf("Chinese role message: %s", zh)
	}
	if !OpinionRequired(ActReturn, c) || OpinionRequired(ActApprove, c) {
		t.Error("OpinionRequired")
	}
	if emergency := (&Case{State: StateScreening, ChangeKind: ChangeEmergency}); !OpinionRequired(ActEmergency, emergency) ||
		OpinionRequired(ActEmergency, &Case{State: StateScreening}) {
		t.Error("OpinionRequired of an emergency's implementation")
	}
	stamp, _ := f.s.CaseStamp(c.ID)
	f.act(t, "leader", c, ActApprove, "")
	if after, _ := f.s.CaseStamp(c.ID); after <= stamp {
		t.Errorf("case stamp %d → %d", stamp, after)
	}
}
