#!/usr/bin/env python3
"""After the build: every test class the sources hold ran, and none was skipped.

A test that lacks something of the machine fails in CI already (-Dhuddle.require.all=true); this check is the
second half: a class that never ran at all (an include that stopped matching, a runner that found nothing) or a
report with skipped cases fails the run too. Prints, per module, the tests that ran against the classes expected.

Expected: every *Test.java (Surefire) and, in huddle-itests, every *IT.java (Failsafe, Felix execution) that has a
@Test, plus the Equinox execution's includes read from that module's pom; reports are TEST-<class>[-Equinox].xml.
"""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
problems = []
total = 0


def test_classes(module, suffix):
    found = []
    for source in sorted((module / 'src' / 'test' / 'java').rglob('*' + suffix + '.java')):
        text = source.read_text(encoding='utf-8')
        if '@Test' in text and not re.search(r'\babstract\s+class\b', text):
            relative = source.relative_to(module / 'src' / 'test' / 'java')
            found.append('.'.join(relative.with_suffix('').parts))
    return found


def read(report):
    suite = ET.parse(report).getroot()
    return tuple(int(suite.get(key, '0')) for key in ('tests', 'skipped', 'failures', 'errors'))


def check(module, directory, expected, report_suffix, label):
    global total
    ran = skipped = classes = 0
    for name in expected:
        report = module / 'target' / directory / ('TEST-' + name + report_suffix + '.xml')
        if not report.is_file():
            problems.append('{}: {} did not run (no {})'.format(label, name, report.name))
            continue
        classes += 1
        tests, skips, failures, errors = read(report)
        ran += tests
        skipped += skips
        if skips:
            problems.append('{}: {} skipped {} of {} tests'.format(label, name, skips, tests))
        if tests == 0:
            problems.append('{}: {} ran no test'.format(label, name))
        if failures or errors:
            problems.append('{}: {} has {} failures and {} errors'.format(label, name, failures, errors))
    total += ran
    print('{:<40} {:>5} tests in {:>3} classes (expected {:>3}), {} skipped'.format(
        label, ran, classes, len(expected), skipped))


for pom in sorted(root.glob('**/pom.xml')):
    module = pom.parent
    if 'target' in module.parts or not (module / 'src' / 'test' / 'java').is_dir():
        continue
    label = str(module.relative_to(root)) if module != root else '.'
    units = test_classes(module, 'Test')
    if units:
        check(module, 'surefire-reports', units, '', label)
    its = test_classes(module, 'IT')
    if its:
        check(module, 'failsafe-reports', its, '', label + ' (Felix)')
        pom_text = pom.read_text(encoding='utf-8')
        equinox = re.search(r'<id>equinox</id>(.*?)</execution>', pom_text, re.S)
        if equinox:
            names = re.findall(r'<include>\*\*/(\w+)\.java</include>', equinox.group(1))
            by_simple = {name.rsplit('.', 1)[-1]: name for name in its}
            missing = [n for n in names if n not in by_simple]
            for n in missing:
                problems.append('{} (Equinox): include {} names no test class'.format(label, n))
            check(module, 'failsafe-reports', [by_simple[n] for n in names if n in by_simple], '-Equinox',
                  label + ' (Equinox)')

print('{} tests ran in all'.format(total))
if total == 0:
    problems.append('no test ran at all')
if problems:
    print('\nThe run does not count: ' + str(len(problems)) + ' problem(s)', file=sys.stderr)
    for p in problems:
        print('  ' + p, file=sys.stderr)
    sys.exit(1)
