# evstudy figure: CAR paths
# Re-create it with 'gnuplot FILE.gp'; to write elsewhere:
#   gnuplot -e "outfile='other.png'" FILE.gp
if (!exists("outfile")) outfile = 'out/car-paths.png'
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
$car << EOD
# day CAR (decimal); one index per surviving event, from its first valid AR
# event 1
-1 0.01
0 0.03
1 0.02


# event 2
-1 0.03
0 0.02
1 0.02


# event 3
0 0.005
1 0.025
EOD
$caar << EOD
-1 0.02
0 0.025
1 0.02833333333
EOD
set title 'Cumulative abnormal return of each event: 3 events, market-adjusted model, market MKT' font ',13'
set ylabel 'CAR (%)'
set xzeroaxis lt -1 lw 1
set xrange [-1.5:1.5]
set xtics 1
set mxtics 1
set xlabel 'Trading day relative to the event (day 0 = event day)'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead front dt 3 lc rgb '#808080'
plot $car index 0 using 1:($2*100) with lines lt 2 lw 1.2 title 'AAA 2024-01-12', \
     $car index 1 using 1:($2*100) with lines lt 3 lw 1.2 title 'x" ; system("touch pwned") ; "', \
     $car index 2 using 1:($2*100) with lines lt 4 lw 1.2 title 'it''s C', \
     $caar using 1:($2*100) with lines lt 1 lw 3 title 'CAAR'
unset output
