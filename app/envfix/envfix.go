// Package envfix replaces a "C" or "POSIX" locale in the environment with
// zh_CN.UTF-8 (the default language) when the program starts, before Fyne's translation package
// reads it: "C" is not a language tag, and Fyne would log a parse error
// for it on every start. Import it for its side effect from package main.
package envfix

import (
	"os"
	"strings"
)

func init() {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(k)
		if v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.") {
			os.Setenv(k, "zh_CN.UTF-8")
		}
	}
}
