package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/image/tiff"

	"upgradedesk/data"
	"upgradedesk/reports"
)

// Limits of what Import reads.
const (
	// MaxFile is the largest file read: a copier's 500-page PDF at 300
	// dpi or a 50 MB photo fit.
	MaxFile = 512 << 20
	// MaxPages is the most pages read from one PDF.
	MaxPages = 2000
	// MaxPixels is the largest image decoded (a 100-megapixel photo).
	MaxPixels = 100_000_000
	// keepSide is the longest side, in pixels, of a photo's page image as
	// stored: larger photos are scaled down (and stored as JPEG) once
	// read.
	keepSide = 3508
)

// Progress is told, after every page, how many pages of how many known
// so far are done, and the file being read.
type Progress func(done, total int, file string)

// FileResult is what became of one imported file.
type FileResult struct {
	Path       string
	Pages      int // pages read
	Duplicates int // pages imported before
	Unsorted   int // pages sent to 待归类
	// Covers counts the pages of print packs' covers found and left out.
	Covers int
	Err    error
}

// DocResult is one document whose pages the import completed, or that
// still waits.
type DocResult struct {
	Code, Check string
	CaseID      uint
	Filed       *data.FiledDocument // nil while pages are missing
	Missing     []int
	Err         error
}

// Report is what Import did.
type Report struct {
	Files []FileResult
	Docs  []DocResult
}

// Pages returns the number of pages read.
func (r *Report) Pages() int {
	n := 0
	for _, f := range r.Files {
		n += f.Pages
	}
	return n
}

// Import reads files and folders of scans (PDF, JPEG, PNG, TIFF; folders
// are read through, their files in name order), stores every page
// (data.Store.AddScanPages: one transaction a file) and files each
// document all of whose pages are there (FileDocument: one transaction a
// document). A file that cannot be read is reported with a message
// (FileResult.Err) and stores nothing; the others go on. ctx stops the
// import between pages: what was stored by then stays, nothing is half
// filed.
func Import(ctx context.Context, s *data.Store, ss *data.Session, paths []string, progress Progress) (*Report, error) {
	files, err := listFiles(paths)
	if err != nil {
		return nil, err
	}
	r := &Report{}
	codes := map[string]bool{}
	done, total := 0, len(files)
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return r, cancelled()
		}
		fr := FileResult{Path: path}
		pages, err := readFile(ctx, path, func(n int) {
			if n > 1 {
				total += n - 1
			}
		}, func() {
			done++
			if progress != nil {
				progress(done, total, path)
			}
		})
		if err != nil {
			if ctx.Err() != nil {
				return r, cancelled()
			}
			fr.Err = err
			r.Files = append(r.Files, fr)
			continue
		}
		fr.Pages = len(pages)
		kept := pages[:0]
		for _, p := range pages {
			if p.Code == reports.PackCoverCode {
				fr.Covers++
				continue
			}
			kept = append(kept, p)
		}
		pages = kept
		if len(pages) == 0 {
			r.Files = append(r.Files, fr)
			continue
		}
		out, err := s.AddScanPages(ss, filepath.Base(path), pages)
		if err != nil {
			return r, err
		}
		for _, o := range out {
			switch {
			case o.Duplicate:
				fr.Duplicates++
			case o.Page.State == data.ScanUnsorted:
				fr.Unsorted++
			default:
				codes[o.Page.Code] = true
			}
		}
		r.Files = append(r.Files, fr)
	}
	sorted := make([]string, 0, len(codes))
	for c := range codes {
		sorted = append(sorted, c)
	}
	sort.Strings(sorted)
	for _, code := range sorted {
		sets, err := s.WaitingScans(code)
		if err != nil {
			return r, err
		}
		for i := range sets {
			r.Docs = append(r.Docs, fileSet(s, ss, &sets[i]))
		}
	}
	return r, nil
}

func cancelled() error { return &data.Error{Code: data.ECancelled, Key: "scan.err.cancelled"} }

// fileSet files a complete set, or reports what it lacks.
func fileSet(s *data.Store, ss *data.Session, set *data.ScanSet) DocResult {
	dr := DocResult{Code: set.Code, Check: set.Check, CaseID: set.CaseID, Missing: set.Missing()}
	if !set.Complete() {
		return dr
	}
	prefix, _, _ := data.ParseDocCode(set.Code)
	kind, ok := reports.KindOfCode(prefix)
	if !ok {
		dr.Err = &data.Error{Code: data.EInvalid, Key: "scan.err.unknown_document", Args: map[string]any{"Code": set.Code}}
		return dr
	}
	d, err := s.Dossier(set.CaseID)
	if err != nil {
		dr.Err = err
		return dr
	}
	checks, confirms, err := reports.SealChecks(kind, d)
	if err != nil && data.ErrorCode(err) != data.EState { // EState: the case no longer has the document
		dr.Err = err
		return dr
	}
	current := false
	for _, c := range checks {
		current = current || c == set.Check
	}
	ids := make([]uint, 0, set.Pages)
	images := make([][]byte, 0, set.Pages)
	for n := 1; n <= set.Pages; n++ {
		p := set.ByPage[n]
		img, err := s.ScanPageImage(p.ID)
		if err != nil {
			dr.Err = err
			return dr
		}
		ids = append(ids, p.ID)
		images = append(images, img)
	}
	content := images[0]
	if !isPDF(content) {
		if content, err = assemble(images); err != nil {
			dr.Err = err
			return dr
		}
	}
	name := d.Case.No + "-" + reports.Title(kind) + "-签字件.pdf"
	dr.Filed, dr.Err = s.FileDocument(ss, data.FileDocumentRequest{CaseID: set.CaseID, Code: set.Code, Check: set.Check,
		PageIDs: ids, Name: name, Content: content, Current: current, Decisions: confirms})
	return dr
}

// assemble makes one A4 PDF of page images, each page's image fitted to
// the page.
func assemble(images [][]byte) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetAutoPageBreak(false, 0)
	for i, b := range images {
		typ := "JPG"
		if bytes.HasPrefix(b, []byte("\x89PNG")) {
			typ = "PNG"
		}
		name := fmt.Sprintf("p%d", i)
		info := pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(b))
		if pdf.Err() {
			return nil, fmt.Errorf("assemble scan: %w", pdf.Error())
		}
		w, h := info.Width(), info.Height()
		orient, pw, ph := "P", 210.0, 297.0
		if w > h {
			orient, pw, ph = "L", 297.0, 210.0
		}
		pdf.AddPageFormat(orient, fpdf.SizeType{Wd: 210, Ht: 297})
		scale := min(pw/w, ph/h)
		pdf.ImageOptions(name, (pw-w*scale)/2, (ph-h*scale)/2, w*scale, h*scale, false, fpdf.ImageOptions{ImageType: typ}, 0, "")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("assemble scan: %w", err)
	}
	return buf.Bytes(), nil
}

// listFiles expands folders into the files of the kinds read.
func listFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, &data.Error{Code: data.ENotFound, Key: "scan.err.no_file", Args: map[string]any{"File": p}}
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, e os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff":
				if !e.IsDir() {
					out = append(out, path)
				}
			}
			return nil
		})
		if err != nil {
			return nil, &data.Error{Code: data.ENotFound, Key: "scan.err.no_file", Args: map[string]any{"File": p}}
		}
	}
	return out, nil
}

func fileErr(key, path string, args ...any) error {
	m := map[string]any{"File": filepath.Base(path)}
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	return &data.Error{Code: data.EInvalid, Key: key, Args: m}
}

func isPDF(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) }

// readFile reads the pages of one file; pages is told how many it has,
// page after each one is read.
func readFile(ctx context.Context, path string, pages func(int), page func()) ([]data.ScanPageIn, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileErr("scan.err.unreadable", path)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fileErr("scan.err.unreadable", path)
	}
	if st.Size() > MaxFile {
		return nil, fileErr("scan.err.too_big", path, "MB", MaxFile>>20)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fileErr("scan.err.unreadable", path)
	}
	if isPDF(b) {
		return readPDF(ctx, path, b, pages, page)
	}
	p, err := readPhoto(path, b)
	if err != nil {
		return nil, err
	}
	page()
	return []data.ScanPageIn{p}, nil
}

// readPhoto reads a JPEG, PNG or TIFF photo or scan of one page.
func readPhoto(path string, b []byte) (data.ScanPageIn, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return data.ScanPageIn{}, fileErr("scan.err.not_image", path)
	}
	if cfg.Width*cfg.Height > MaxPixels {
		return data.ScanPageIn{}, fileErr("scan.err.too_many_pixels", path, "MP", MaxPixels/1_000_000)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return data.ScanPageIn{}, fileErr("scan.err.not_image", path)
	}
	in := data.ScanPageIn{Image: b, SourcePage: 1}
	if format == "tiff" || max(cfg.Width, cfg.Height) > keepSide {
		if in.Image, err = storable(img); err != nil {
			return in, fileErr("scan.err.not_image", path)
		}
	}
	setCode(&in, img)
	return in, nil
}

// storable returns a page image as stored: JPEG, its longest side at most
// keepSide.
func storable(img image.Image) ([]byte, error) {
	g := image.Image(img)
	if s := max(img.Bounds().Dx(), img.Bounds().Dy()); s > keepSide {
		g = shrinkRGBA(img, (s+keepSide-1)/keepSide)
	}
	var buf bytes.Buffer
	err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: 85})
	return buf.Bytes(), err
}

// shrinkRGBA scales img down by the whole factor f (nearest pixel: the
// stored copy is for people to read, the code was read at full size).
func shrinkRGBA(img image.Image, f int) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()/f, b.Dy()/f))
	for y := 0; y < out.Rect.Dy(); y++ {
		for x := 0; x < out.Rect.Dx(); x++ {
			out.Set(x, y, img.At(b.Min.X+x*f, b.Min.Y+y*f))
		}
	}
	return out
}

// setCode sets what the page's QR code says; a print pack's cover gets
// the code reports.PackCoverCode, which Import leaves out.
func setCode(in *data.ScanPageIn, img image.Image) {
	if c, ok := Read(img); ok {
		in.Code, in.Page, in.Pages, in.Check = c.Doc, c.Page, c.Pages, c.Check
	}
}

// readPDF reads a PDF: one the application exported is recognised by its
// embedded record.json (one page for the whole file); any other is a
// copier's, each page's largest image read as the page.
func readPDF(ctx context.Context, path string, b []byte, pages func(int), page func()) ([]data.ScanPageIn, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	pctx, err := api.ReadValidateAndOptimize(bytes.NewReader(b), conf)
	if err != nil {
		if encrypted(err) {
			return nil, fileErr("scan.err.encrypted", path)
		}
		return nil, fileErr("scan.err.bad_pdf", path)
	}
	if pctx.PageCount > MaxPages {
		return nil, fileErr("scan.err.too_many_pages", path, "Pages", pctx.PageCount, "Max", MaxPages)
	}
	if in, ok := exported(b, conf); ok {
		page()
		return []data.ScanPageIn{in}, nil
	}
	pages(pctx.PageCount)
	out := make([]data.ScanPageIn, 0, pctx.PageCount)
	withImages := 0
	for n := 1; n <= pctx.PageCount; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in, ok, err := pdfPage(pctx, n)
		if err != nil {
			return nil, fileErr("scan.err.bad_page", path, "Page", n)
		}
		if ok {
			withImages++
			out = append(out, in)
		}
		page()
	}
	if withImages == 0 {
		return nil, fileErr("scan.err.no_images", path)
	}
	return out, nil
}

func encrypted(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "password") || strings.Contains(s, "encrypt")
}

// exported returns the page of a PDF the application exported: the
// whole file, with the code its record.json names and its check code.
func exported(b []byte, conf *model.Configuration) (data.ScanPageIn, bool) {
	atts, err := api.ExtractAttachmentsRaw(bytes.NewReader(b), "", []string{"record.json"}, conf)
	if err != nil || len(atts) == 0 {
		return data.ScanPageIn{}, false
	}
	rec, err := io.ReadAll(atts[0])
	if err != nil {
		return data.ScanPageIn{}, false
	}
	var head struct {
		Format, Code string
	}
	if json.Unmarshal(rec, &head) != nil || !strings.HasPrefix(head.Format, "upgradedesk-record/") {
		return data.ScanPageIn{}, false
	}
	return data.ScanPageIn{Image: b, SourcePage: 1, Code: head.Code, Page: 1, Pages: 1,
		Check: reports.CheckCodeOf(rec)}, true
}

// pdfPage reads page n's largest image and its code; ok is false for a
// page with no image.
func pdfPage(pctx *model.Context, n int) (data.ScanPageIn, bool, error) {
	mm, err := pdfcpu.ExtractPageImages(pctx, n, false)
	if err != nil {
		return data.ScanPageIn{}, false, err
	}
	var best *model.Image
	for k := range mm {
		im := mm[k]
		if best == nil || im.Width*im.Height > best.Width*best.Height {
			best = &im
		}
	}
	if best == nil {
		return data.ScanPageIn{}, false, nil
	}
	raw, err := io.ReadAll(best)
	if err != nil {
		return data.ScanPageIn{}, false, err
	}
	var img image.Image
	switch best.FileType {
	case "jpg":
		img, err = jpeg.Decode(bytes.NewReader(raw))
	case "png":
		img, err = png.Decode(bytes.NewReader(raw))
	case "tif":
		img, err = tiff.Decode(bytes.NewReader(raw))
		if err == nil {
			raw, err = storable(img)
		}
	default:
		err = errors.New("image type " + best.FileType)
	}
	if err != nil {
		return data.ScanPageIn{}, false, err
	}
	in := data.ScanPageIn{Image: raw, SourcePage: n}
	setCode(&in, img)
	return in, true, nil
}
