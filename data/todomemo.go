package data

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// todoMemoAge is how long a computed 待办 serves while the database is
// unchanged: long enough for the sign-in it was computed ahead of, short
// enough that the working-day deadlines it marks do not move meanwhile.
const todoMemoAge = 2 * time.Minute

// todoMemo keeps the last 待办 computed for each user with the state of
// the database it was computed in (its audit chain's head, which every
// write moves, and the day), shared by the store's copies. Two requests
// for the same user and state share one computation.
type todoMemo struct {
	mu   sync.Mutex
	last map[uint]*todoEntry
}

type todoEntry struct {
	key   stuckKey
	at    time.Time
	done  chan struct{}
	items []TodoItem
	total int
	err   error
}

// TodoList returns the oldest todoLimit cases waiting for actor, as Todo,
// and how many cases wait for them in all. A list computed for actor in
// the same state of the database less than todoMemoAge ago is returned
// again (PrefetchTodo).
func (s *Store) TodoList(actor *User) ([]TodoItem, int, error) {
	if s.todo == nil || actor == nil {
		return s.todoList(actor)
	}
	key, err := s.todoKey()
	if err != nil {
		return nil, 0, s.read("todo", err)
	}
	now := s.now()
	s.todo.mu.Lock()
	if s.todo.last == nil {
		s.todo.last = map[uint]*todoEntry{}
	}
	e := s.todo.last[actor.ID]
	mine := !e.serves(key, now)
	if mine {
		e = &todoEntry{key: key, at: now, done: make(chan struct{})}
		s.todo.last[actor.ID] = e
	}
	s.todo.mu.Unlock()
	if mine {
		e.items, e.total, e.err = s.todoList(actor)
		if e.err != nil { // not kept: the next request tries again
			s.todo.mu.Lock()
			if s.todo.last[actor.ID] == e {
				delete(s.todo.last, actor.ID)
			}
			s.todo.mu.Unlock()
		}
		close(e.done)
	} else {
		<-e.done
	}
	return slices.Clone(e.items), e.total, e.err
}

// PrefetchTodo computes the 待办 of the enabled user named username, so
// that a TodoList for them soon after finds it ready: the sign-in dialog
// asks for it while the password is typed. An unknown name does nothing.
func (s *Store) PrefetchTodo(username string) {
	var u User
	if err := s.db.Where("username = ? AND disabled = ?", strings.TrimSpace(username), false).Limit(1).Find(&u).Error; err == nil && u.ID != 0 {
		_, _, _ = s.TodoList(&u)
	}
}

// TodoListKept returns the list TodoList would return for actor if it is
// computed already, without waiting; ok is false otherwise. Signing in
// shows a prefetched 待办 with the main window's first frame.
func (s *Store) TodoListKept(actor *User) (items []TodoItem, total int, ok bool) {
	if s.todo == nil || actor == nil {
		return nil, 0, false
	}
	s.todo.mu.Lock()
	e := s.todo.last[actor.ID]
	s.todo.mu.Unlock()
	if e == nil {
		return nil, 0, false
	}
	select {
	case <-e.done:
	default:
		return nil, 0, false
	}
	if key, err := s.todoKey(); err != nil || e.err != nil || !e.serves(key, s.now()) {
		return nil, 0, false
	}
	return slices.Clone(e.items), e.total, true
}

// todoKey reads the state of the database a 待办 is computed in.
func (s *Store) todoKey() (stuckKey, error) {
	var head auditHead
	err := s.db.Limit(1).Find(&head, 1).Error
	return stuckKey{seq: head.Seq, hash: head.Hash, day: s.today()}, err
}

// serves reports whether e, if any, holds the 待办 of the state key of
// the database at now.
func (e *todoEntry) serves(key stuckKey, now time.Time) bool {
	return e != nil && e.key == key && now.Sub(e.at) < todoMemoAge && !now.Before(e.at)
}
