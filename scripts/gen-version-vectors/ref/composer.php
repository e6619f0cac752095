<?php
// Reference: composer/semver (Debian php-composer-semver): VersionParser::normalize() then the
// comparison composer/semver's Comparator performs (version_compare; dev branches only equal to themselves).
// stdin "a\tb" lines -> stdout "a\tb\tsign" (! = invalid, or a dev branch).
require '/usr/share/php/Composer/Semver/autoload.php';
use Composer\Semver\VersionParser;
use Composer\Semver\Comparator;
$p = new VersionParser();
while (($line = fgets(STDIN)) !== false) {
    $line = rtrim($line, "\n");
    $parts = explode("\t", $line);
    if (count($parts) != 2) continue;
    [$a, $b] = $parts;
    try {
        $na = $p->normalize($a);
        $nb = $p->normalize($b);
        if (str_starts_with($na, 'dev-') || str_starts_with($nb, 'dev-')) {
            $s = '!'; // branches have no order (composer/semver only knows string equality for them)
        } else {
            // Cross-check: Comparator agrees with version_compare on normalised versions.
            $s = (string) version_compare($na, $nb);
            $lt = Comparator::lessThan($na, $nb);
            $eq = Comparator::equalTo($na, $nb);
            if ($lt !== ($s === '-1') || $eq !== ($s === '0')) { fwrite(STDERR, "Comparator disagrees: $a $b\n"); exit(1); }
        }
    } catch (UnexpectedValueException $e) {
        $s = '!';
    }
    echo "$a\t$b\t$s\n";
}
