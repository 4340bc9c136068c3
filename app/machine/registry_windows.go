//go:build windows

package machine

import (
	"errors"

	"golang.org/x/sys/windows/registry"
)

// readRegistry returns the string values of HKEY_LOCAL_MACHINE\key, read
// from the 64-bit view the MSI writes; a missing key has none.
func readRegistry(key string) (map[string]string, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, key, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if errors.Is(err, registry.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer k.Close()
	values := map[string]string{}
	for _, name := range registryNames {
		v, _, err := k.GetStringValue(name)
		if errors.Is(err, registry.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		values[name] = v
	}
	return values, nil
}
