// Package data is UpgradeDesk's domain and store: the records of an
// upgrade case and their descriptions (descriptions.go), the procedure's
// state machine and who may do what (workflow.go, forms.go), the store on
// SQLite or PostgreSQL through GORM with versioned saves, the audit trail
// as a hash chain, backups, checks, the demo library and the translation
// catalogue every part of the program reads its words from. It knows
// nothing of windows or PDF files: package forms and package app show its
// records, package reports prints them.
package data
