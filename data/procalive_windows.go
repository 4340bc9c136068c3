package data

import "syscall"

// processAlive reports whether a process with id pid runs on this PC.
func processAlive(pid int) bool {
	const queryLimitedInformation = 0x1000
	const stillActive = 259
	h, err := syscall.OpenProcess(queryLimitedInformation, false, uint32(pid))
	if err != nil {
		return false
	}
	defer syscall.CloseHandle(h)
	var code uint32
	if err := syscall.GetExitCodeProcess(h, &code); err != nil {
		return false
	}
	return code == stillActive
}
