package reports

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// This file is the LibreOffice side of the comparison in BENCHMARKS.md
// (make bench-libreoffice): the same documents as Writer documents (flat
// ODF, .fodt, written from the blocks a Doc records, so the content is
// the same), converted to PDF by soffice --headless --convert-to pdf, one
// document per run and all of them in one run.

// writeFODT writes the blocks of d as a flat ODF text document: the
// title, headings, form tables, text boxes, tables, signature lines and
// notes, in Noto Sans CJK SC on A4 with the document's margins.
func writeFODT(d *Doc) []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return strings.ReplaceAll(e.String(), "&#xA;", "<text:line-break/>")
	}
	p := func(style, s string) { fmt.Fprintf(&b, `<text:p text:style-name="%s">%s</text:p>`, style, esc(s)) }
	cell := func(style, s string, span int) {
		fmt.Fprintf(&b, `<table:table-cell table:style-name="C" table:number-columns-spanned="%d" office:value-type="string">`, span)
		p(style, s)
		b.WriteString(`</table:table-cell>`)
	}
	table := func(n int, rows func()) {
		fmt.Fprintf(&b, `<table:table table:style-name="T"><table:table-column table:number-columns-repeated="%d"/>`, n)
		rows()
		b.WriteString(`</table:table>`)
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Noto" svg:font-family="'Noto Sans CJK SC'"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="Noto" style:font-name-asian="Noto" fo:font-size="10pt" style:font-size-asian="10pt"/></style:default-style></office:styles>
<office:automatic-styles>
<style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="20mm" fo:margin-bottom="21mm" fo:margin-right="18mm" fo:margin-left="` +
		fmt.Sprintf("%gmm", d.bindingMargin()) + `"/></style:page-layout>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="16pt" style:font-size-asian="16pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="H" style:family="paragraph"><style:paragraph-properties fo:background-color="#d7d7d7" fo:padding="1mm" fo:border="0.25mm solid #000000" fo:margin-top="2mm"/><style:text-properties fo:font-size="11pt" style:font-size-asian="11pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="L" style:family="paragraph"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="V" style:family="paragraph"/>
<style:style style:name="N" style:family="paragraph"><style:text-properties fo:font-size="8pt" style:font-size-asian="8pt" fo:color="#6e6e6e"/></style:style>
<style:style style:name="S" style:family="paragraph"><style:paragraph-properties fo:margin-top="6mm"/></style:style>
<style:style style:name="T" style:family="table"><style:table-properties style:width="167mm" table:align="margins"/></style:style>
<style:style style:name="C" style:family="table-cell"><style:table-cell-properties fo:padding="1.2mm" fo:border="0.25mm solid #000000"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL"/></office:master-styles>
<office:body><office:text>`)
	p("Title", d.info.Title)
	p("V", d.metaLine())
	for _, blk := range d.blocks {
		switch x := blk.(type) {
		case headingBlock:
			p("H", x.text)
		case fieldsBlock:
			table(4, func() {
				for _, row := range pairFields(x.fields) {
					b.WriteString(`<table:table-row>`)
					for _, f := range row {
						cell("L", f.Label, 1)
						cell("V", f.Value, 4/len(row)-1)
					}
					b.WriteString(`</table:table-row>`)
				}
			})
		case textBlock:
			table(2, func() {
				b.WriteString(`<table:table-row>`)
				cell("L", x.label, 1)
				cell("V", x.text, 1)
				b.WriteString(`</table:table-row>`)
			})
		case tableBlock:
			if x.caption != "" {
				p("L", x.caption)
			}
			table(len(x.cols), func() {
				b.WriteString(`<table:table-header-rows><table:table-row>`)
				for _, c := range x.cols {
					cell("L", c.Title, 1)
				}
				b.WriteString(`</table:table-row></table:table-header-rows>`)
				for _, r := range x.rows {
					b.WriteString(`<table:table-row>`)
					for i := range x.cols {
						v := ""
						if i < len(r) {
							v = r[i]
						}
						cell("V", v, 1)
					}
					b.WriteString(`</table:table-row>`)
				}
			})
		case signaturesBlock:
			for _, role := range x.roles {
				p("S", signLabel(role)+"________________________　日期：______年____月____日")
			}
		case noteBlock:
			p("N", x.text)
		case centredBlock:
			p("Title", x.text)
		case pageBreakBlock:
			p("V", "")
		}
	}
	b.WriteString(`</office:text></office:body></office:document>`)
	return b.Bytes()
}

// soffice converts the .fodt files to PDF in dir with one LibreOffice run
// and returns how long it took.
func soffice(b *testing.B, dir string, files []string) time.Duration {
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", filepath.Join(dir, "pdf")}, files...)
	start := time.Now()
	if out, err := exec.Command("soffice", args...).CombinedOutput(); err != nil {
		b.Fatalf("soffice: %v\n%s", err, out)
	}
	return time.Since(start)
}

// BenchmarkLibreOffice converts the request form of one demo case, and
// then every document of every demo case, with LibreOffice, and writes
// the same documents with this package, reporting the time per document
// of each (make bench-libreoffice).
func BenchmarkLibreOffice(b *testing.B) {
	if _, err := exec.LookPath("soffice"); err != nil {
		b.Fatal("soffice is not installed (make bench-libreoffice installs it)")
	}
	dir := b.TempDir()
	var docs []*Doc
	var files []string
	for _, d := range demoDossiers(b) {
		for _, k := range Available(d) {
			doc, err := buildCase(k, d, demoNow, "")
			if err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(dir, fmt.Sprintf("%s-%s.fodt", d.Case.No, k))
			if err := os.WriteFile(path, writeFODT(doc), 0o644); err != nil {
				b.Fatal(err)
			}
			docs, files = append(docs, doc), append(files, path)
		}
	}
	soffice(b, dir, files[:1]) // the first run creates the profile
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		single := soffice(b, dir, files[:1])
		batch := soffice(b, dir, files)
		start := time.Now()
		for _, doc := range docs {
			var buf bytes.Buffer
			if err := doc.Write(&buf); err != nil {
				b.Fatal(err)
			}
		}
		ours := time.Since(start)
		b.ReportMetric(float64(single.Milliseconds()), "ms/lo-single")
		b.ReportMetric(float64(batch.Milliseconds())/float64(len(files)), "ms/lo-doc-batch")
		b.ReportMetric(float64(ours.Microseconds())/1000/float64(len(docs)), "ms/ours-doc-batch")
		b.ReportMetric(float64(len(files)), "docs")
	}
}
