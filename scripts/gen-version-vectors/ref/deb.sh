#!/bin/sh
# Reference: dpkg --compare-versions. stdin: "a<TAB>b" lines; stdout: "a<TAB>b<TAB>sign" (! = dpkg rejects).
while IFS='	' read -r a b; do
  dpkg --compare-versions "$a" lt "$b" 2>/dev/null; lt=$?
  if [ $lt -gt 1 ]; then s='!'
  elif [ $lt -eq 0 ]; then s=-1
  elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then s=0
  else s=1; fi
  printf '%s\t%s\t%s\n' "$a" "$b" "$s"
done
