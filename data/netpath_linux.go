package data

import (
	"path/filepath"
	"syscall"
)

// Magic numbers of network file systems (statfs f_type).
var networkFS = map[int64]bool{
	0x6969:     true, // NFS
	0xFF534D42: true, // CIFS
	0xFE534D42: true, // SMB2
	0x517B:     true, // SMB
	0x65735546: true, // FUSE (sshfs, davfs and the like)
	0x564C:     true, // NCP
	0x7461636F: true, // OCFS2
	0x47504653: true, // GPFS
	0x00C36400: true, // Ceph
}

// IsNetworkPath reports whether the database file at path lies on a
// network file system (NFS, CIFS/SMB, FUSE), where only the rollback
// journal is safe and every PC must reach the same share.
func IsNetworkPath(path string) bool {
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(path), &st); err != nil {
		return false
	}
	return networkFS[int64(st.Type)]
}
