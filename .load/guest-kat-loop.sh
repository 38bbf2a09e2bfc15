#!/bin/sh
# trust: KAT aes-cbc (in place + OOP, enc + dec) N times on the test-bed device.
PLUGIN=$1 build=$2 n=$3 filter=${4:-aes-cbc}
. /work/wt/trust/app/test-vcrypto/vm/lib.sh
eal=$(vc_eal)
i=0
while [ $i -lt "$n" ]; do
	i=$((i + 1))
	echo "### round $i"
	timeout 600 "$build/app/test-vcrypto/dpdk-test-vcrypto" $eal \
		--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto \
		--filter "$filter" 2>&1 | grep -vE '^EAL:|^TELEMETRY:|^CRYPTODEV:|^PASS|probe_macs'
done
echo "kat-loop: done"
