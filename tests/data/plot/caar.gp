# evstudy figure: CAAR with 95% band and AAR
# Re-create it with 'gnuplot FILE.gp'; to write elsewhere:
#   gnuplot -e "outfile='other.png'" FILE.gp
if (!exists("outfile")) outfile = 'out/caar.png'
set terminal pngcairo size 960,600 noenhanced font 'Sans,11' linewidth 1.2 background '#ffffff'
set output outfile
set border 3 back lc rgb '#404040'
set tics nomirror out scale 0.6
set grid back lc rgb '#d4d4d4' lw 1 dt 1
set key outside bottom center horizontal reverse Left nobox samplen 3 spacing 1.1 width 1 height 1
set linetype 1 lc rgb '#000000' lw 2 dt 1 pt 7 ps 1
set linetype 2 lc rgb '#0072b2' lw 2 dt 2 pt 5 ps 1
set linetype 3 lc rgb '#e69f00' lw 2 dt 4 pt 9 ps 1.2
set linetype 4 lc rgb '#009e73' lw 2 dt 5 pt 11 ps 1.2
set linetype 5 lc rgb '#cc79a7' lw 2 dt 3 pt 13 ps 1.2
set linetype 6 lc rgb '#56b4e9' lw 2 dt (12,4,2,4,2,4) pt 4 ps 1
set linetype 7 lc rgb '#d55e00' lw 2 dt (2,4) pt 6 ps 1
set linetype 8 lc rgb '#7f7f7f' lw 2 dt (16,6) pt 8 ps 1
set linetype cycle 8
$caar << EOD
# day CAAR (decimal)
-1 0.02
0 0.025
1 0.02833333333
EOD
$band << EOD
# day CAAR-1.96*SE CAAR+1.96*SE; a blank line where SE is undefined (fewer than 2 events)
-1 0.0004 0.0396
0 0.01076093012 0.03923906988
1 0.02506666667 0.0316
EOD
$aar << EOD
# day AAR (decimal); days without a valid AR are left out
-1 0.02
0 0.005
1 0.003333333333
EOD
set label 100 'Cumulative average abnormal return: 3 events, market-adjusted model, market MKT' at screen 0.5, screen 0.96 center font ',13'
set multiplot
set lmargin at screen 0.10
set rmargin at screen 0.97
set tmargin at screen 0.86
set bmargin at screen 0.44
set key at screen 0.5, screen 0.915 center center horizontal maxrows 1
set xrange [-1.5:1.5]
set xtics 1
set mxtics 1
set arrow 1 from 0, graph 0 to 0, graph 1 nohead front dt 3 lc rgb '#808080'
set format x ''
set ylabel 'CAAR (%)'
set xzeroaxis lt -1 lw 1
plot $band using 1:($2*100):($3*100) with filledcurves fc rgb '#cfcfcf' fs solid 1.0 noborder title '95% band: CAAR ± 1.96 SE', \
     0 with lines lc rgb '#000000' lw 1 dt 1 notitle, \
     $caar using 1:($2*100) with linespoints lt 1 title 'CAAR'
set tmargin at screen 0.40
set bmargin at screen 0.12
unset key
unset label 100
set format x '%g'
set ylabel 'AAR (%)'
set xrange [-1.5:1.5]
set xtics 1
set mxtics 1
set xlabel 'Trading day relative to the event (day 0 = event day)'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead front dt 3 lc rgb '#808080'
set boxwidth 0.7 relative
set style fill solid 1.0 border lc rgb '#303030'
plot $aar using 1:($2*100) with boxes lc rgb '#8c8c8c' dt 1 title 'AAR'
unset multiplot
unset output
