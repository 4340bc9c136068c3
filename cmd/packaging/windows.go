package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

// iconSizes are the images of the Windows icon: Explorer, the taskbar and
// the Start menu pick the nearest one for the screen's scale.
var iconSizes = []int{16, 20, 24, 32, 40, 48, 64, 128, 256}

// Language IDs of the two string tables of the version information.
const (
	langZH = 0x0804 // zh-CN
	langEN = 0x0409 // en-US
)

// versionStrings are the version information's texts in each language.
func versionStrings(m *meta) map[uint16]map[string]string {
	common := func(company, description, product string) map[string]string {
		return map[string]string{
			version.CompanyName: company, version.FileDescription: description,
			version.ProductName: product, version.FileVersion: m.fileVersionString(),
			version.ProductVersion: m.fileVersionString(), version.InternalName: exeName,
			version.OriginalFilename: exeName + ".exe", version.Comments: m.ID,
		}
	}
	return map[uint16]map[string]string{
		langZH: common(companyZH, descriptionZH, nameZH+" "+m.Name),
		langEN: common(companyEN, descriptionEN, m.Name),
	}
}

// resources are the icon (ID 1: Explorer shows the first group), the
// manifest and the version information of FyneApp.toml. The manifest runs
// the program as the invoking user, per-monitor (v2) DPI aware as GLFW asks
// for it anyway, with Common Controls 6 for the native dialogs and long
// paths where the system allows them (deep folders on a file server).
func resources(m *meta) (*winres.ResourceSet, *winres.Icon, error) {
	src, err := m.iconPNG()
	if err != nil {
		return nil, nil, err
	}
	img, err := png.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", m.Icon, err)
	}
	icon, err := winres.NewIconFromResizedImage(img, iconSizes)
	if err != nil {
		return nil, nil, err
	}
	rs := &winres.ResourceSet{}
	if err := rs.SetIcon(winres.ID(1), icon); err != nil {
		return nil, nil, err
	}
	rs.SetManifest(winres.AppManifest{
		Identity:      winres.AssemblyIdentity{Name: m.ID, Version: m.fileVersion()},
		Description:   nameZH + " " + m.Name,
		DPIAwareness:  winres.DPIPerMonitorV2,
		LongPathAware: true, UseCommonControlsV6: true,
	})
	vi := version.Info{FileVersion: m.fileVersion(), ProductVersion: m.fileVersion()}
	for lang, table := range versionStrings(m) {
		for k, v := range table {
			if err := vi.Set(lang, k, v); err != nil {
				return nil, nil, err
			}
		}
	}
	rs.SetVersionInfo(vi)
	return rs, icon, nil
}

// writeWindows writes DIR/upgradedesk.syso, the resources as a COFF object
// for the linker, and DIR/upgradedesk.ico for the installer's shortcut.
func writeWindows(m *meta, dir string) error {
	rs, icon, err := resources(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var obj, ico bytes.Buffer
	if err := rs.WriteObject(&obj, winres.ArchAMD64); err != nil {
		return err
	}
	if err := icon.SaveICO(&ico); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, exeName+".syso"), obj.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, exeName+".ico"), ico.Bytes(), 0o644)
}

// checkExe reads the resources of the Windows executable at path back and
// fails unless it is a 64-bit GUI program with the icon, manifest and
// version information of FyneApp.toml. It prints what it found.
func checkExe(m *meta, path string, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	p, err := pe.NewFile(f)
	if err != nil {
		return err
	}
	oh, ok := p.OptionalHeader.(*pe.OptionalHeader64)
	if !ok || oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return errors.New("not a 64-bit Windows GUI executable")
	}
	rs, err := winres.LoadFromEXE(f)
	if err != nil {
		return err
	}
	var problems []error
	icon, err := rs.GetIcon(winres.ID(1))
	if err != nil {
		problems = append(problems, fmt.Errorf("icon 1: %w", err))
	} else {
		var ico bytes.Buffer
		if err := icon.SaveICO(&ico); err != nil {
			problems = append(problems, err)
		}
		if n := int(binary.LittleEndian.Uint16(ico.Bytes()[4:])); n != len(iconSizes) {
			problems = append(problems, fmt.Errorf("icon 1 has %d images, not %d", n, len(iconSizes)))
		}
		fmt.Fprintf(w, "icon: %d images, %d bytes as .ico\n", len(iconSizes), ico.Len())
	}
	man, err := winres.AppManifestFromXML(rs.Get(winres.RT_MANIFEST, winres.ID(1), winres.LCIDDefault))
	if err != nil || man.DPIAwareness != winres.DPIPerMonitorV2 || !man.UseCommonControlsV6 ||
		man.ExecutionLevel != winres.AsInvoker || man.Identity.Name != m.ID {
		problems = append(problems, fmt.Errorf("manifest: %+v %v", man, err))
	}
	fmt.Fprintf(w, "manifest: %s %v, per-monitor v2 DPI %v, common controls 6 %v\n", man.Identity.Name,
		man.Identity.Version, man.DPIAwareness == winres.DPIPerMonitorV2, man.UseCommonControlsV6)
	found := map[uint16]bool{}
	rs.WalkType(winres.RT_VERSION, func(_ winres.Identifier, lang uint16, data []byte) bool {
		var read struct{ Info map[string]map[string]string }
		vi, err := version.FromBytes(data)
		if err == nil {
			js, _ := vi.MarshalJSON()
			err = json.Unmarshal(js, &read)
		}
		got := read.Info[fmt.Sprintf("%04X", lang)]
		if err != nil || vi.FileVersion != m.fileVersion() || got == nil {
			problems = append(problems, fmt.Errorf("version information %04x: %v %v", lang, err, got))
			return true
		}
		for k, v := range versionStrings(m)[lang] {
			if got[k] != v {
				problems = append(problems, fmt.Errorf("version information %04x: %s is %q, not %q", lang, k, got[k], v))
			}
		}
		found[lang] = true
		fmt.Fprintf(w, "version information %04x: %s %s, %s\n", lang, got[version.ProductName],
			got[version.FileVersion], got[version.CompanyName])
		return true
	})
	if !found[langZH] || !found[langEN] {
		problems = append(problems, fmt.Errorf("version information has languages %v, not zh-CN and en-US", found))
	}
	return errors.Join(problems...)
}
