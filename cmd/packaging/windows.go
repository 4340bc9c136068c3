package main

import (
	"bytes"
	"debug/pe"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"

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
			version.ProductName: product, version.FileVersion: m.fileVersion(),
			version.ProductVersion: m.fileVersion(), version.InternalName: exeName,
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
		Identity:      winres.AssemblyIdentity{Name: m.ID, Version: m.FileVer},
		Description:   nameZH + " " + m.Name,
		DPIAwareness:  winres.DPIPerMonitorV2,
		LongPathAware: true, UseCommonControlsV6: true,
	})
	vi := version.Info{FileVersion: m.FileVer, ProductVersion: m.FileVer}
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
	var obj, ico bytes.Buffer
	if err := rs.WriteObject(&obj, winres.ArchAMD64); err != nil {
		return err
	}
	if err := icon.SaveICO(&ico); err != nil {
		return err
	}
	_, err = writeFiles(m, dir, "", []file{{exeName + ".syso", 0o644, obj.Bytes()}, {exeName + ".ico", 0o644, ico.Bytes()}})
	return err
}

// checkExe reads the resources of the Windows executable at path back and
// fails unless it is a 64-bit GUI program holding, byte for byte, the
// resources that resources makes from FyneApp.toml and no others.
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
	if oh, ok := p.OptionalHeader.(*pe.OptionalHeader64); !ok || oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return errors.New("not a 64-bit Windows GUI executable")
	}
	got, err := winres.LoadFromEXE(f)
	if err != nil {
		return err
	}
	want, _, err := resources(m)
	if err != nil {
		return err
	}
	var problems []error
	if got.Count() != want.Count() {
		problems = append(problems, fmt.Errorf("%d resources, FyneApp.toml makes %d", got.Count(), want.Count()))
	}
	want.Walk(func(typ, id winres.Identifier, lang uint16, data []byte) bool {
		if !bytes.Equal(got.Get(typ, id, lang), data) {
			problems = append(problems, fmt.Errorf("resource %v/%v/%04x differs from FyneApp.toml's", typ, id, lang))
		}
		return true
	})
	man, _ := winres.AppManifestFromXML(got.Get(winres.RT_MANIFEST, winres.ID(1), winres.LCIDDefault))
	fmt.Fprintf(w, "icon: %d images of %s; manifest: %s %v, per-monitor v2 DPI %v, common controls 6 %v\n",
		len(iconSizes), m.Icon, man.Identity.Name, man.Identity.Version,
		man.DPIAwareness == winres.DPIPerMonitorV2, man.UseCommonControlsV6)
	for _, lang := range []uint16{langZH, langEN} {
		vi, _ := version.FromBytes(got.Get(winres.RT_VERSION, winres.ID(1), lang))
		js, _ := vi.MarshalJSON()
		fmt.Fprintf(w, "version information %04x: %s\n", lang, js)
	}
	return errors.Join(problems...)
}
