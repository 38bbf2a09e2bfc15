#!/bin/bash
# trust: reproduce the vhost aesni_mb stall under a CPU hog; logs kept.
n=${1:-5} tag=${2:-r1} hog=${HOG:-1}
root=/work/wt/trust
. $root/devtools/common.sh
out=/var/cache/vcrypto/trust-load/$tag
mkdir -p $out
plugin=$(vcrypto_stage_plugin $root/build /var/cache/vcrypto)
hogs=()
if [ "$hog" = 1 ]; then
	for c in 0 1; do nice -n 0 sh -c 'while :; do :; done' & hogs+=($!); done
	echo "hogs ${hogs[*]}"
fi
VCRYPTO_DEVARGS=${DEVARGS:-} $root/devtools/vm/run.sh --vhost-pmd aesni_mb --timeout 3000 --keep ${RUNARGS:-} -- \
	/work/wt/trust/.load/guest-kat-loop.sh "$plugin" $root/build "$n" ${FILTER:-aes-cbc} 2>&1 |
	while IFS= read -r l; do printf '%s %s\n' "$EPOCHREALTIME" "$l"; done > $out/guest.log
[ "${#hogs[@]}" = 0 ] || kill "${hogs[@]}"
run=$(sed -n 's/.*run.sh: kept \(.*\)$/\1/p' $out/guest.log | tail -n 1)
echo "run dir $run"
cp -r $run/vhost/*.log $run/vhost/sched-summary $run/*.log $out/ 2>/dev/null
echo "kept in $out"
