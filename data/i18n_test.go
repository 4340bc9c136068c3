package data

import "testing"

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
	for f := range formRules {
		keys = append(keys, "form."+string(f))
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
