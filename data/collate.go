package data

import (
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortByName sorts items by the names name gives them in the order people
// look names up in the library: Chinese names by their pinyin (陈静, 李明,
// 王建国, 张丽), after names in Latin letters (RFID 自助借还系统). The store
// returns records by their IDs; lists and choices shown to people are
// sorted with it.
func SortByName[T any](items []T, name func(*T) string) {
	c := collate.New(language.Chinese)
	keys := make(map[string][]byte, len(items))
	var buf collate.Buffer
	for i := range items {
		n := name(&items[i])
		if _, ok := keys[n]; !ok {
			keys[n] = append([]byte(nil), c.KeyFromString(&buf, n)...)
			buf.Reset()
		}
	}
	slices.SortStableFunc(items, func(a, b T) int {
		return slices.Compare(keys[name(&a)], keys[name(&b)])
	})
}
