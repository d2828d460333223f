package fakeaws

import "net/http"

// faultAnswers are the errors one protocol answers the injected faults
// with: each service words throttling, denial, its own failure and an
// expired token in its own codes and status.
type faultAnswers struct {
	throttle, deny, server, expired *apiError
}

// answerFault answers the fault ft injects, with write for the protocol's
// errors; true when the request is answered. Slow holds the request and
// lets it go on (answered only if the client gave up); faults this
// function does not know (RepeatToken) are the service's own to answer.
func answerFault(w http.ResponseWriter, r *http.Request, ft *fault, a faultAnswers, write func(http.ResponseWriter, *apiError)) bool {
	switch ft.kind {
	case Throttle:
		write(w, a.throttle)
	case Deny:
		write(w, a.deny)
	case ServerError:
		write(w, a.server)
	case Expired:
		write(w, a.expired)
	case Reset:
		reset(w)
	case Slow:
		hold(r, ft.delay)
		return r.Context().Err() != nil
	default:
		return false
	}
	return true
}
