package data

import "sort"

// ChangeLine is one changed field of an audit entry as people read it.
type ChangeLine struct {
	// Field is the field's stored name.
	Field string
	// Label is the field's label in its own record's context.
	Label string
	// Old and New are the values as documents print them; an empty value
	// reads as such ("（空）").
	Old, New string
}

// ChangeLines turns the changes of an audit entry about a record of table
// entity into lines for people, in lang and in the order of the record's
// form: every field labelled as its own record labels it, values as
// documents print them (names for references, labels for choices, yuan,
// local times). The procedure's bookkeeping that no form shows (numbers of
// rounds, the case a record belongs to) is left out; a field no
// description knows shows under its general label.
func ChangeLines(lang, entity string, cs []Change, names Names) []ChangeLine {
	r := RecordFor(entity)
	var out []ChangeLine
	for _, c := range orderChanges(r, cs) {
		if bookkeeping[c.Field] {
			continue
		}
		var f *Field
		if r != nil {
			f = r.Field(c.Field)
		}
		out = append(out, changeLine(lang, f, c, names))
	}
	return out
}

// bookkeeping are the stored fields of described records that are no
// field of any form: the change history leaves them out.
var bookkeeping = map[string]bool{
	"case_id": true, "year": true, "seq": true, "state_seq": true, "state_at": true, "uploader_id": true,
	"due_at": true, "round": true,
}

func changeLine(lang string, f *Field, c Change, names Names) ChangeLine {
	l := ChangeLine{Field: c.Field, Label: T(lang, "field."+c.Field, nil), Old: c.Old, New: c.New}
	if f != nil {
		l.Label = T(lang, f.LabelKey(), nil)
		l.Old, l.New = f.RawText(lang, c.Old, names), f.RawText(lang, c.New, names)
	}
	if l.Label == "field."+c.Field {
		l.Label = c.Field
	}
	empty := T(lang, "value.empty", nil)
	if l.Old == "" {
		l.Old = empty
	}
	if l.New == "" {
		l.New = empty
	}
	return l
}

// orderChanges returns cs in the order of r's fields; changes of fields r
// does not describe keep their order at the end.
func orderChanges(r *Record, cs []Change) []Change {
	if r == nil {
		return cs
	}
	pos := make(map[string]int, len(r.Fields))
	for i, f := range r.Fields {
		pos[f.Key] = i
	}
	out := append([]Change(nil), cs...)
	sort.SliceStable(out, func(i, j int) bool {
		pi, oki := pos[out[i].Field]
		pj, okj := pos[out[j].Field]
		if oki != okj {
			return oki
		}
		return pi < pj
	})
	return out
}
