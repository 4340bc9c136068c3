package data

import (
	"strconv"
	"testing"
)

// BenchmarkSaveStageLimit changes a stage's time limit in 设置, which sets
// the due time of every open case again in the same write.
func BenchmarkSaveStageLimit(b *testing.B) {
	s := benchCopy(b)
	admin := s.sessionOf(benchUser(b, s, "admin"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.SetSetting(admin, SettingStageDays+string(StateAssessing), strconv.Itoa(10+i%2)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveCalendarYear saves a year's holiday list as an import does:
// 30 days replaced, the due time of every open case set again.
func BenchmarkSaveCalendarYear(b *testing.B) {
	s := benchCopy(b)
	admin := s.sessionOf(benchUser(b, s, "admin"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var days []CalendarDay
		for d := 1; d <= 30; d++ {
			days = append(days, CalendarDay{Date: "2026-10-" + twoDigits(d), Name: "国庆节 " + strconv.Itoa(i)})
		}
		if err := s.SaveCalendarDays(admin, []int{2026}, days); err != nil {
			b.Fatal(err)
		}
	}
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
