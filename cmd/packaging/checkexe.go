package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf16"
)

// Resource types (winuser.h).
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

// resource is one leaf of a PE resource tree.
type resource struct {
	Type, ID, Lang uint32 // a named entry has ID 0
	Name           string
	Data           []byte
}

// checkExe reads the Windows executable at path and fails unless it is a
// 64-bit GUI program whose resources hold the icon, the manifest and the
// version information of FyneApp.toml. It prints what it found.
func checkExe(m *meta, path string, w io.Writer) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok || f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return errors.New("not a 64-bit x86 (PE32+) executable")
	}
	var problems []string
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		problems = append(problems, fmt.Sprintf("subsystem %d, not Windows GUI (2)", oh.Subsystem))
	}
	fmt.Fprintf(w, "subsystem: %d (Windows GUI)\n", oh.Subsystem)

	res, err := readResources(f)
	if err != nil {
		return err
	}
	byType := map[uint32][]resource{}
	for _, r := range res {
		byType[r.Type] = append(byType[r.Type], r)
	}

	// Icon: a group whose entries all point at icon images that exist.
	icons := map[uint32][]byte{}
	for _, r := range byType[rtIcon] {
		icons[r.ID] = r.Data
	}
	if len(byType[rtGroupIcon]) == 0 {
		problems = append(problems, "no icon group")
	} else {
		sizes, err := iconGroupSizes(byType[rtGroupIcon][0].Data, icons)
		if err != nil {
			problems = append(problems, "icon: "+err.Error())
		}
		fmt.Fprintf(w, "icon: %d images, sizes %v\n", len(sizes), sizes)
		if len(sizes) == 0 || sizes[0] > 16 || sizes[len(sizes)-1] < 256 {
			problems = append(problems, "icon: needs sizes from 16 to 256")
		}
	}

	if len(byType[rtManifest]) == 0 {
		problems = append(problems, "no manifest")
	} else {
		man := string(byType[rtManifest][0].Data)
		fmt.Fprintf(w, "manifest: %d bytes\n", len(man))
		for _, want := range []string{`level="asInvoker"`, "PerMonitorV2", `name="` + m.ID + `"`} {
			if !strings.Contains(man, want) {
				problems = append(problems, "manifest lacks "+want)
			}
		}
	}

	if len(byType[rtVersion]) == 0 {
		problems = append(problems, "no version information")
	} else {
		vi, err := parseVersionInfo(byType[rtVersion][0].Data)
		if err != nil {
			return fmt.Errorf("version information: %w", err)
		}
		want := m.fileVersionString()
		fmt.Fprintf(w, "FILEVERSION %s, PRODUCTVERSION %s\n", vi.FileVersion, vi.ProductVersion)
		if vi.FileVersion != want || vi.ProductVersion != want {
			problems = append(problems, fmt.Sprintf("fixed version %s/%s, FyneApp.toml says %s",
				vi.FileVersion, vi.ProductVersion, want))
		}
		for _, t := range versionStrings(m) {
			got, ok := vi.Strings[t.Lang]
			if !ok {
				problems = append(problems, "no string table "+t.Lang)
				continue
			}
			keys := make([]string, 0, len(got))
			for k := range got {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(w, "  %s %s: %s\n", t.Lang, k, got[k])
			}
			for _, kv := range t.Values {
				if got[kv[0]] != kv[1] {
					problems = append(problems, fmt.Sprintf("%s %s is %q, want %q", t.Lang, kv[0], got[kv[0]], kv[1]))
				}
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	fmt.Fprintln(w, "resources: ok")
	return nil
}

// readResources walks the three levels (type, name, language) of the
// resource directory in the .rsrc section.
func readResources(f *pe.File) ([]resource, error) {
	sec := f.Section(".rsrc")
	if sec == nil {
		return nil, errors.New("no .rsrc section: the executable has no resources")
	}
	data, err := sec.Data()
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	var out []resource
	var walk func(off uint32, level int, r resource) error
	walk = func(off uint32, level int, r resource) error {
		if level > 2 || int(off)+16 > len(data) {
			return fmt.Errorf("bad resource directory at %#x", off)
		}
		n := int(le.Uint16(data[off+12:])) + int(le.Uint16(data[off+14:]))
		for i := 0; i < n; i++ {
			e := int(off) + 16 + 8*i
			if e+8 > len(data) {
				return errors.New("resource directory past the section")
			}
			name, target := le.Uint32(data[e:]), le.Uint32(data[e+4:])
			c := r
			var id uint32
			if name&0x80000000 != 0 {
				c.Name = readResString(data, name&0x7fffffff)
			} else {
				id = name
			}
			switch level {
			case 0:
				c.Type = id
			case 1:
				c.ID = id
			case 2:
				c.Lang = id
			}
			if target&0x80000000 != 0 {
				if err := walk(target&0x7fffffff, level+1, c); err != nil {
					return err
				}
				continue
			}
			if int(target)+16 > len(data) {
				return errors.New("resource data entry past the section")
			}
			rva, size := le.Uint32(data[target:]), le.Uint32(data[target+4:])
			start := int64(rva) - int64(sec.VirtualAddress)
			if start < 0 || start+int64(size) > int64(len(data)) {
				return fmt.Errorf("resource %d/%d outside .rsrc", c.Type, c.ID)
			}
			c.Data = data[start : start+int64(size)]
			out = append(out, c)
		}
		return nil
	}
	return out, walk(0, 0, resource{})
}

func readResString(data []byte, off uint32) string {
	if int(off)+2 > len(data) {
		return ""
	}
	n := int(binary.LittleEndian.Uint16(data[off:]))
	return utf16String(data[off+2:], n)
}

func utf16String(b []byte, n int) string {
	if 2*n > len(b) {
		n = len(b) / 2
	}
	u := make([]uint16, n)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return strings.TrimRight(string(utf16.Decode(u)), "\x00")
}

// iconGroupSizes reads a GRPICONDIR and returns the sizes of its images,
// smallest first, checking that each image exists.
func iconGroupSizes(group []byte, icons map[uint32][]byte) ([]int, error) {
	le := binary.LittleEndian
	if len(group) < 6 || le.Uint16(group[2:]) != 1 {
		return nil, errors.New("not an icon group")
	}
	n := int(le.Uint16(group[4:]))
	var sizes []int
	for i := 0; i < n; i++ {
		e := 6 + 14*i
		if e+14 > len(group) {
			return sizes, errors.New("icon group cut short")
		}
		size := int(group[e])
		if size == 0 {
			size = 256
		}
		id := uint32(le.Uint16(group[e+12:]))
		img, ok := icons[id]
		if !ok || len(img) != int(le.Uint32(group[e+8:])) {
			return sizes, fmt.Errorf("icon image %d missing or of the wrong length", id)
		}
		sizes = append(sizes, size)
	}
	sort.Ints(sizes)
	return sizes, nil
}

// versionInfo is what a VS_VERSIONINFO resource says.
type versionInfo struct {
	FileVersion, ProductVersion string
	Strings                     map[string]map[string]string // block (e.g. 080404b0) → key → value
}

// parseVersionInfo reads a VS_VERSIONINFO: the fixed VS_FIXEDFILEINFO and
// the string tables under StringFileInfo.
func parseVersionInfo(b []byte) (*versionInfo, error) {
	root, err := parseVersionNode(b)
	if err != nil {
		return nil, err
	}
	if root.Key != "VS_VERSION_INFO" || len(root.Value) < 52 {
		return nil, errors.New("no VS_VERSION_INFO with a fixed part")
	}
	le := binary.LittleEndian
	if le.Uint32(root.Value) != 0xFEEF04BD {
		return nil, errors.New("bad VS_FIXEDFILEINFO signature")
	}
	ver := func(ms, ls uint32) string {
		return fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
	}
	vi := &versionInfo{
		FileVersion:    ver(le.Uint32(root.Value[8:]), le.Uint32(root.Value[12:])),
		ProductVersion: ver(le.Uint32(root.Value[16:]), le.Uint32(root.Value[20:])),
		Strings:        map[string]map[string]string{},
	}
	for _, c := range root.Children {
		if c.Key != "StringFileInfo" {
			continue
		}
		for _, table := range c.Children {
			m := map[string]string{}
			for _, s := range table.Children {
				m[s.Key] = utf16String(s.Value, len(s.Value)/2)
			}
			vi.Strings[strings.ToLower(table.Key)] = m
		}
	}
	return vi, nil
}

type versionNode struct {
	Key      string
	Value    []byte
	Children []versionNode
}

// parseVersionNode reads one node of a version resource: wLength,
// wValueLength (in words for text, bytes for binary), wType, the key,
// padding to 32 bits, the value, padding, then the children.
func parseVersionNode(b []byte) (versionNode, error) {
	le := binary.LittleEndian
	if len(b) < 6 {
		return versionNode{}, errors.New("version node cut short")
	}
	length, valueLen, typ := int(le.Uint16(b)), int(le.Uint16(b[2:])), le.Uint16(b[4:])
	if length < 6 || length > len(b) {
		return versionNode{}, fmt.Errorf("version node of length %d in %d bytes", length, len(b))
	}
	b = b[:length]
	end := 6
	for end+1 < len(b) && (b[end] != 0 || b[end+1] != 0) {
		end += 2
	}
	n := versionNode{Key: utf16String(b[6:end], (end-6)/2)}
	pos := align4(end + 2)
	if typ == 1 {
		valueLen *= 2
	}
	if pos+valueLen > len(b) {
		valueLen = max(0, len(b)-pos)
	}
	if pos < len(b) {
		n.Value = bytes.Clone(b[pos : pos+valueLen])
	}
	pos = align4(pos + valueLen)
	for pos+6 <= len(b) {
		c, err := parseVersionNode(b[pos:])
		if err != nil {
			return n, err
		}
		n.Children = append(n.Children, c)
		pos = align4(pos + int(le.Uint16(b[pos:])))
	}
	return n, nil
}

func align4(n int) int { return (n + 3) &^ 3 }
