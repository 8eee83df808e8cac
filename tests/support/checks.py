"""Counted checks for the read-back scripts (tests/review/read_review.py,
tests/hostile/read_hostile.py): each check counts, failures are printed as
`FAIL [part] what: detail`, passes as one `ok   [part] N checks` line per part, and the last line,
`PROGRAM: N checks passed, M failed`, is what tests/support/checks.sh reads."""


def short(value, room=300):
    """repr(value), cut after `room` characters with the full length said."""
    text = repr(value)
    return text if len(text) <= room else text[:room] + f"… ({len(text)} characters)"


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.part = ""
        self.part_passed = 0

    def begin(self, part):
        self.end()
        self.part = part
        self.part_passed = 0

    def end(self):
        if self.part and self.part_passed:
            print(f"ok   [{self.part}] {self.part_passed} checks")
        self.part_passed = 0

    def check(self, condition, what, detail=""):
        if condition:
            self.passed += 1
            self.part_passed += 1
        else:
            self.failed += 1
            print(f"FAIL [{self.part}] {what}" + (f": {detail}" if detail else ""))
        return bool(condition)

    def eq(self, got, expected, what):
        return self.check(got == expected, what, f"expected {short(expected)}, got {short(got)}")

    def summary(self, program):
        """Ends the last part, prints the summary line; returns the exit status."""
        self.end()
        print(f"{program}: {self.passed} checks passed, {self.failed} failed")
        return 1 if self.failed else 0
