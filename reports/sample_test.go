package reports

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// commonHan is a pool of frequent Chinese characters for generated text.
const commonHan = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知已" +
	"系统软件升级版本数据库服务器备份测试验收回退登记台账图书馆读者借还流通采编期刊典藏检索目录网络安全管理部门信息技术需求评估计划预算审批实施培训费用归档申请报告说明影响范围风险措施资源时间人员负责确认签字日期意见建议功能性能兼容接口模块配置环境迁移恢复监控日志故障问题处理结果记录"

// punctuation used between generated phrases.
var phraseEnds = []string{"，", "。", "；", "、", "：", "！", "？", "（说明）", "《规定》", "“注意”"}

// latinWords are mixed into generated text to exercise word wrapping.
var latinWords = []string{"ILAS", "v5.2", "2026", "MySQL", "10.0.3", "Windows Server", "API", "OPAC", "12,000.00", "https://lib.example.cn/upgrade"}

// chineseText returns n runes of varied Chinese text: phrases of common
// characters, punctuation, some Latin words and numbers and, if
// paragraphs is set, a few newlines. The same seed gives the same text.
func chineseText(n int, seed uint64, paragraphs bool) string {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	han := []rune(commonHan)
	var b []rune
	for len(b) < n {
		for k := 3 + rng.IntN(12); k > 0; k-- {
			b = append(b, han[rng.IntN(len(han))])
		}
		switch p := rng.IntN(20); {
		case p < 2:
			b = append(b, []rune(latinWords[rng.IntN(len(latinWords))])...)
		case p == 2 && paragraphs:
			b = append(b, '\n')
		default:
			b = append(b, []rune(phraseEnds[rng.IntN(len(phraseEnds))])...)
		}
	}
	return string(b[:n])
}

// sampleGenerated is the fixed generation time of test documents.
var sampleGenerated = time.Date(2026, 3, 5, 14, 30, 0, 0, time.FixedZone("CST", 8*3600))

// sampleInfo returns the DocInfo of the sample request form.
func sampleInfo() DocInfo {
	return DocInfo{
		Title:     "软件升级需求申请表",
		Code:      "UD-01-SJ-2026-0001",
		Library:   "杭州市某某区图书馆",
		CaseNo:    "SJ-2026-0001",
		Subject:   "图书馆集成管理系统升级需求申请",
		Generated: sampleGenerated,
	}
}

// sampleDoc builds a typical two-page document: a request form with form
// fields, free text, a table, signatures and notes, sealed with its
// printed content as record.json (sampleRecord).
func sampleDoc(tb testing.TB) *Doc {
	tb.Helper()
	d, err := NewDoc(sampleInfo())
	if err != nil {
		tb.Fatal(err)
	}
	d.Heading("一、申请信息")
	d.Fields([]Field{
		{Label: "申请部门", Value: "流通部"},
		{Label: "申请人", Value: "张晓明"},
		{Label: "联系电话", Value: "0571-88886666"},
		{Label: "申请日期", Value: "2026年3月2日"},
		{Label: "软件名称", Value: "图书馆集成管理系统（ILAS）"},
		{Label: "当前版本", Value: "v5.2.3"},
		{Label: "目标版本", Value: "v6.0.1"},
		{Label: "紧急程度", Value: "一般"},
		{Label: "涉及系统", Value: "流通模块、采编模块、OPAC 公共检索、读者自助借还机接口", Wide: true},
	})
	d.Heading("二、升级需求")
	d.Text("需求说明", chineseText(420, 1, true))
	d.Text("预期效果", chineseText(160, 2, false))
	d.Heading("三、影响评估")
	rows := make([][]string, 6)
	for i := range rows {
		rows[i] = []string{string(rune('1' + i)), chineseText(8, uint64(10+i), false), chineseText(40, uint64(20+i), false), "中"}
	}
	d.Table([]Column{
		{Title: "序号", Width: 1, Align: "C"},
		{Title: "影响对象", Width: 3},
		{Title: "影响说明", Width: 8},
		{Title: "风险等级", Width: 2, Align: "C"},
	}, rows)
	d.Heading("四、部门意见")
	d.Fields([]Field{
		{Label: "部门审核意见", Value: chineseText(60, 3, false), Wide: true},
		{Label: "信息管理部门意见", Value: "", Wide: true},
	})
	d.Signatures([]string{"申请人", "部门负责人", "信息管理部门负责人"})
	d.Note("注：1. 本表一式两份，申请部门和信息管理部门各存一份。2. 紧急升级须同时报分管馆领导。3. 升级实施前必须完成数据备份，并经测试验收后方可上线。")
	d.sealNote(func(check string) string { return "校验码：" + check })
	d.sealWith("record.json", sampleRecord)
	return d
}

// sampleRecord is the sealed file of the sample document: its printed
// content as JSON.
func sampleRecord(p printedDoc) ([]byte, error) { return encodeJSON(p) }

// writeSample writes the sample document and returns the PDF.
func writeSample(tb testing.TB) []byte {
	tb.Helper()
	var b strings.Builder
	if err := sampleDoc(tb).Write(&b); err != nil {
		tb.Fatal(err)
	}
	return []byte(b.String())
}
