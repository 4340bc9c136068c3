//go:build !windows

package machine

// readRegistry has nothing to read outside Windows.
func readRegistry(string) (map[string]string, error) { return nil, nil }
