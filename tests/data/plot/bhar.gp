# evstudy figure: BHAR paths
# Re-create it with 'gnuplot FILE.gp'; to write elsewhere:
#   gnuplot -e "outfile='other.png'" FILE.gp
if (!exists("outfile")) outfile = 'out/bhar.png'
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
$bhar1 << EOD
# trading day since listing, BHAR (decimal)
1 0.01
2 0.03

4 0.02
EOD
$bhar2 << EOD
# trading day since listing, BHAR (decimal)
1 -0.01
2 -0.02
EOD
set title 'Buy-and-hold abnormal return since listing, vs STAR 50' font ',13'
set ylabel 'BHAR (%)'
set xlabel 'Trading days since listing (day 1 = first trading day)'
set xrange [0.5:4.5]
set xzeroaxis lt -1 lw 1
plot $bhar1 using 1:($2*100) with lines lt 1 title 'A vs MKT', \
     $bhar2 using 1:($2*100) with lines lt 2 title 'listing 2'
unset output
