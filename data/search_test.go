package data

import (
	"testing"
)

func TestTextSearch(t *testing.T) {
	f := newFixture(t)
	titles := []string{"流通模块增加批量续借", "OPAC 检索注入漏洞修复", "自助借还机固件升级", "ILS 服务器迁移到新机房"}
	ids := map[string]uint{}
	for _, title := range titles {
		c := f.request(title)
		c.Content, c.Problem, c.Impact = "说明："+title, "问题", "影响"
		if title == "ILS 服务器迁移到新机房" {
			c.Content = "机房搬迁"
		}
		if err := f.s.NewCase(f.u["staff"], c); err != nil {
			t.Fatal(err)
		}
		ids[title] = c.ID
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"借", []string{"流通模块增加批量续借", "自助借还机固件升级"}},
		{"续借", []string{"流通模块增加批量续借"}},
		{"批量续借", []string{"流通模块增加批量续借"}},
		{"升级", []string{"自助借还机固件升级"}},
		{"opac", []string{"OPAC 检索注入漏洞修复"}},
		{"OPA", []string{"OPAC 检索注入漏洞修复"}},
		{"ils 服务器", []string{"ILS 服务器迁移到新机房"}},
		{"机房", []string{"ILS 服务器迁移到新机房"}},
		{"火星", nil},
		{`"借"* (`, []string{"流通模块增加批量续借", "自助借还机固件升级"}},
		{"   ", titles},
	} {
		rows, total, err := f.s.ListCases(CaseFilter{Text: c.query, Limit: 50})
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		got := map[uint]bool{}
		for _, r := range rows {
			got[r.ID] = true
		}
		if int(total) != len(c.want) || len(rows) != len(c.want) {
			t.Errorf("%q: %d rows (total %d), want %v", c.query, len(rows), total, c.want)
			continue
		}
		for _, w := range c.want {
			if !got[ids[w]] {
				t.Errorf("%q: %s missing", c.query, w)
			}
		}
	}
	no := f.file(t, "staff").No
	rows, _, _ := f.s.ListCases(CaseFilter{Text: no})
	if len(rows) != 1 || rows[0].No != no {
		t.Errorf("search by number %s: %+v", no, rows)
	}
}

func TestSearchWords(t *testing.T) {
	got := searchWords("SJ-2026-0001 借还ILS系统，V3.2")
	want := []string{"sj", "2026", "0001", "借", "还", "ils", "系", "统", "v3", "2"}
	if len(got) != len(want) {
		t.Fatalf("%q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%q, want %q", got, want)
		}
	}
}
