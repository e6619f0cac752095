#!/usr/bin/env bash
# Builds real rpm databases for the rpm cataloger's tests, in all three formats, from the same packages:
#   OUT/sqlite/var/lib/rpm/rpmdb.sqlite   written by rpm itself (rpmbuild + rpm -i --justdb)
#   OUT/bdb/var/lib/rpm/Packages          a Berkeley DB hash file written by libdb (db5.3_load) from
#                                         rpm's own header blobs; checked by rpm's bdb_ro backend
#   OUT/bdb-be/var/lib/rpm/Packages       the same, big-endian and with page checksums (s390x-style)
#   OUT/ndb/var/lib/rpm/Packages.db       rpm's ndb format (Debian's rpm lacks the ndb backend, so
#                                         mkndb.mjs writes it after rpm's lib/backend/ndb/rpmpkg.c)
#   OUT/expected.tsv                      rpm -qa of the sqlite database: the oracle
#   OUT/rpmdb-fixtures.tar.gz             all of the above, as committed beside this script
# Needs: rpm, rpmbuild (Debian package rpm), db5.3_load (db5.3-util), node.
# Usage: testdata/rpm/build.sh OUT
set -euo pipefail
OUT=$(realpath -m "${1:?usage: build.sh OUT}")
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$OUT"; mkdir -p "$OUT/top" "$OUT/specs"
export SOURCE_DATE_EPOCH=1767225600

# 1. Packages. Subpackages share one source rpm; one package has a header far larger than a BDB page.
cat > "$OUT/specs/demo.spec" <<'SPEC'
Name: hullscan-demo
Version: 1.2.3
Release: 4.el9
Epoch: 2
Summary: hullscan rpmdb fixture
License: MIT AND (Apache-2.0 OR BSD-3-Clause)
Vendor: hullscan tests
BuildArch: x86_64
ModularityLabel: hullscan:1:20260101:abcdef
%description
Fixture.
%package -n libhullscan++
Summary: a name that needs escaping in a purl
License: GPL-2.0-or-later
%description -n libhullscan++
Fixture.
%package -n hullscan-many-files
Summary: a header larger than one Berkeley DB page
License: BSD
%description -n hullscan-many-files
Fixture.
%install
mkdir -p %{buildroot}/usr/bin %{buildroot}/etc/hullscan %{buildroot}/usr/lib64 %{buildroot}/usr/share/hullscan-many-files
echo demo > %{buildroot}/usr/bin/hullscan-demo
echo conf > %{buildroot}/etc/hullscan/demo.conf
echo lib > %{buildroot}/usr/lib64/libhullscan++.so.1
for i in $(seq 1 400); do echo $i > %{buildroot}/usr/share/hullscan-many-files/a-rather-long-file-name-to-fill-pages-$i.txt; done
%files
/usr/bin/hullscan-demo
%config /etc/hullscan/demo.conf
%files -n libhullscan++
/usr/lib64/libhullscan++.so.1
%files -n hullscan-many-files
/usr/share/hullscan-many-files
SPEC
cat > "$OUT/specs/noarch.spec" <<'SPEC'
Name: hullscan-data
Version: 2024.1
Release: 1
Summary: noarch, no epoch
License: CC0-1.0
BuildArch: noarch
%description
Fixture.
%install
mkdir -p %{buildroot}/usr/share/hullscan-data
echo d > %{buildroot}/usr/share/hullscan-data/data.txt
%files
/usr/share/hullscan-data/data.txt
SPEC
# Enough small packages (subpackages of one more source) that the hash database spans many pages.
{
  sed -e 's/^Name: hullscan-data/Name: hullscan-small/' -e 's/^Version: 2024.1/Version: 0.9/' -e '/^%install/,$d' "$OUT/specs/noarch.spec"
  for n in $(seq -w 1 30); do printf '%%package -n hullscan-small-%s\nSummary: small %s\n%%description -n hullscan-small-%s\nFixture.\n%%files -n hullscan-small-%s\n/usr/share/hullscan-small/%s\n' $n $n $n $n $n; done
  printf '%%install\nmkdir -p %%{buildroot}/usr/share/hullscan-small\nfor n in $(seq -w 1 30); do echo $n > %%{buildroot}/usr/share/hullscan-small/$n; done\n'
} > "$OUT/specs/small.spec"
RPMBUILD=(rpmbuild --define "_topdir $OUT/top" --define "_buildhost hullscan" --define "_binary_payload w1.gzdio" -bb)
for spec in "$OUT"/specs/*.spec; do
  "${RPMBUILD[@]}" "$spec" > "$OUT/rpmbuild.log" 2>&1 || { echo "rpmbuild failed: $spec" >&2; cat "$OUT/rpmbuild.log" >&2; exit 1; }
done

# 2. The sqlite database, written by rpm. One package is installed and removed again, leaving a gap.
DB="$OUT/sqlite/var/lib/rpm"
mkdir -p "$DB"
rpm --initdb --dbpath "$DB"
RPMI=(rpm --dbpath "$DB" --justdb --nodeps --noscripts)
"${RPMI[@]}" --ignorearch --ignoreos --nosignature -i $(find "$OUT/top/RPMS" -name '*.rpm' | sort) 2>/dev/null
"${RPMI[@]}" -e hullscan-small-07 2>/dev/null
rpm --dbpath "$DB" -qa --qf '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%|MODULARITYLABEL?{%{MODULARITYLABEL}}:{}|\n' 2>/dev/null | sort > "$OUT/expected.tsv"

# 3. The other formats, from the header blobs rpm stored.
node "$HERE/export-headers.mjs" "$DB/rpmdb.sqlite" "$OUT/headers"
for variant in bdb bdb-be; do
  mkdir -p "$OUT/$variant/var/lib/rpm"
  opts=(-c db_pagesize=4096)
  [ "$variant" = bdb-be ] && opts+=(-c db_lorder=4321 -c chksum=1)
  node "$HERE/export-headers.mjs" --db-load-text "$OUT/headers" | db5.3_load -T -t hash "${opts[@]}" "$OUT/$variant/var/lib/rpm/Packages"
done
mkdir -p "$OUT/ndb/var/lib/rpm"
node "$HERE/mkndb.mjs" "$OUT/headers" "$OUT/ndb/var/lib/rpm/Packages.db"

# rpm's own Berkeley DB reader must agree with the sqlite database.
if rpm --define '_db_backend bdb_ro' --dbpath "$OUT/bdb/var/lib/rpm" -qa --qf '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%|MODULARITYLABEL?{%{MODULARITYLABEL}}:{}|\n' 2>/dev/null | sort > "$OUT/bdb-rpm.tsv"; then
  cmp -s "$OUT/bdb-rpm.tsv" "$OUT/expected.tsv" || { echo "rpm reads the BDB fixture differently" >&2; diff "$OUT/bdb-rpm.tsv" "$OUT/expected.tsv" >&2; exit 1; }
fi
for d in sqlite bdb bdb-be ndb; do
  mkdir -p "$OUT/$d/etc"
  printf 'NAME="Rocky Linux"\nVERSION="9.3 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n' > "$OUT/$d/etc/os-release"
done
# What the tests read (committed as testdata/rpm/rpmdb-fixtures.tar.gz, so tests need no rpm tools).
tar -C "$OUT" --sort=name --mtime=@$SOURCE_DATE_EPOCH --owner=0 --group=0 --numeric-owner -czf "$OUT/rpmdb-fixtures.tar.gz" \
  expected.tsv sqlite/etc sqlite/var/lib/rpm/rpmdb.sqlite bdb bdb-be ndb
echo "rpm fixtures in $OUT: $(wc -l < "$OUT/expected.tsv") packages; copy $OUT/rpmdb-fixtures.tar.gz to $HERE/ to commit them"
