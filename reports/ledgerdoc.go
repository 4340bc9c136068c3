package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"upgradedesk/data"
)

// ledgerTitle is the title of the ledger document.
const ledgerTitle = "软件版本台账"

// ledgerRecord is the content of the ledger, attached as ledger.json.
type ledgerRecord struct {
	Systems []ledgerSystem `json:"systems"`
	Vendors []data.Vendor  `json:"vendors"`
}

// ledgerSystem is one system of the ledger with the names it refers to
// and its version history, newest first.
type ledgerSystem struct {
	data.System
	Vendor    string               `json:"vendor"`
	OwnerDept string               `json:"owner_dept"`
	History   []data.SystemVersion `json:"history"`
}

// ledgerFile is the JSON attached to the ledger.
type ledgerFile struct {
	Title        string       `json:"title"`
	Code         string       `json:"code"`
	Library      string       `json:"library"`
	Generated    string       `json:"generated"`
	RecordSHA256 string       `json:"record_sha256"`
	Record       ledgerRecord `json:"record"`
}

// WriteLedger writes the software version ledger (软件版本台账) as PDF to
// w: a table of every system with its current version, vendor and owner
// department, each system's version history, and the vendors (as
// data.Store.Ledger reads them). Like the case documents it carries a QR
// code with the document code and a check code of its content, and the
// content as ledger.json.
func WriteLedger(w io.Writer, library string, l *data.Ledger, generated time.Time) error {
	rec := buildLedger(l)
	recJSON, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("ledger: encode: %w", err)
	}
	sum := sha256.Sum256(recJSON)
	full := hex.EncodeToString(sum[:])
	check := strings.ToUpper(full[:12])
	code := ledgerCode + "-" + generated.Local().Format("20060102")
	attachment, err := json.MarshalIndent(ledgerFile{Title: ledgerTitle, Code: code, Library: library,
		Generated: generated.Format(time.RFC3339), RecordSHA256: full, Record: rec}, "", "  ")
	if err != nil {
		return fmt.Errorf("ledger: encode: %w", err)
	}
	doc, err := NewDoc(DocInfo{Title: ledgerTitle, Code: code, Library: library,
		Subject: library + ledgerTitle, Generated: generated, QRPayload: code + " " + check,
		AttachmentName: "ledger.json", Attachment: attachment})
	if err != nil {
		return err
	}
	ledgerBody(doc, rec, generated)
	doc.Note("注：本台账由升级报备台根据系统记录生成，截至 " + dateTime(generated) + "。台账校验码 " + check +
		"（内容 SHA-256 的前 12 位，与右上角二维码一致）。软件的当前版本只通过升级事项的版本登记变更。")
	return doc.Write(w)
}

// buildLedger joins the systems with the names of their vendors and
// owner departments and with their histories.
func buildLedger(l *data.Ledger) ledgerRecord {
	systems, vendors, depts, history := l.Systems, l.Vendors, l.Departments, l.History
	vendorNames := map[uint]string{}
	for _, v := range vendors {
		vendorNames[v.ID] = v.Name
	}
	deptNames := map[uint]string{}
	for _, d := range depts {
		deptNames[d.ID] = d.Name
	}
	rec := ledgerRecord{Systems: make([]ledgerSystem, len(systems)), Vendors: vendors}
	if rec.Vendors == nil {
		rec.Vendors = []data.Vendor{}
	}
	for i, s := range systems {
		ls := ledgerSystem{System: s, OwnerDept: deptNames[s.OwnerDeptID], History: history[s.ID]}
		if s.VendorID != nil {
			ls.Vendor = vendorNames[*s.VendorID]
		}
		if ls.History == nil {
			ls.History = []data.SystemVersion{}
		}
		rec.Systems[i] = ls
	}
	return rec
}

// ledgerBody writes the ledger's tables.
func ledgerBody(doc *Doc, rec ledgerRecord, generated time.Time) {
	doc.Heading("一、软件系统一览")
	doc.Fields([]Field{{Label: "系统数量", Value: strconv.Itoa(len(rec.Systems))},
		{Label: "统计时间", Value: dateTime(generated)}})
	rows := make([][]string, len(rec.Systems))
	for i, s := range rec.Systems {
		rows[i] = []string{strconv.Itoa(i + 1), s.Name, s.Code, s.CurrentVersion, s.Vendor, s.OwnerDept, s.InstalledOn,
			strconv.Itoa(upgrades(s.History))}
	}
	if len(rows) == 0 {
		rows = [][]string{{}}
	}
	doc.Table([]Column{noColumn, {Title: fieldLabel("system_name"), Width: 36},
		{Title: "代码", Width: 16, Align: "C"}, {Title: fieldLabel("current_version"), Width: 22, Align: "C"},
		{Title: fieldLabel("vendor"), Width: 27}, {Title: fieldLabel("owner_dept"), Width: 22, Align: "C"},
		{Title: fieldLabel("installed_on"), Width: 22, Align: "C"}, {Title: "升级次数", Width: 18, Align: "C"}}, rows)

	doc.Heading("二、版本历史")
	for i, s := range rec.Systems {
		doc.Fields([]Field{{Label: fmt.Sprintf("（%d）系统", i+1), Value: systemName(s.System)},
			{Label: fieldLabel("current_version"), Value: s.CurrentVersion}})
		rows := make([][]string, len(s.History))
		for j, v := range s.History {
			rows[j] = []string{strconv.Itoa(len(s.History) - j), v.Version, v.PrevVersion, v.EffectiveDate,
				choice("upgrade_type", v.UpgradeType), v.CaseNo, v.Registrar, v.Notes}
		}
		if len(rows) == 0 {
			rows = [][]string{{}}
		}
		doc.Table([]Column{noColumn, {Title: "版本", Width: 22, Align: "C"},
			{Title: "原版本", Width: 22, Align: "C"}, {Title: fieldLabel("effective_date"), Width: 22, Align: "C"},
			{Title: fieldLabel("upgrade_type"), Width: 31, Align: "C"}, {Title: "事项编号", Width: 26, Align: "C"},
			{Title: fieldLabel("registrar"), Width: 16, Align: "C"}, {Title: fieldLabel("notes"), Width: 24}}, rows)
	}

	doc.Heading("三、供应商")
	rows = make([][]string, len(rec.Vendors))
	for i, v := range rec.Vendors {
		rows[i] = []string{strconv.Itoa(i + 1), v.Name, v.Contact, v.Phone, v.Email, v.ContractNo, v.Notes}
	}
	if len(rows) == 0 {
		rows = [][]string{{}}
	}
	doc.Table([]Column{noColumn, {Title: fieldLabel("vendor_name"), Width: 36},
		{Title: fieldLabel("contact"), Width: 16, Align: "C"}, {Title: fieldLabel("phone"), Width: 26},
		{Title: fieldLabel("email"), Width: 36}, {Title: fieldLabel("contract_no"), Width: 24},
		{Title: fieldLabel("notes"), Width: 25}}, rows)
}

// upgrades counts the registered upgrades of a history: the lines that
// came from a case.
func upgrades(history []data.SystemVersion) int {
	n := 0
	for _, v := range history {
		if v.CaseNo != "" || v.CaseID != nil {
			n++
		}
	}
	return n
}
