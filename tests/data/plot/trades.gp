# evstudy figure: trade returns
# Re-create it with 'gnuplot FILE.gp'; to write elsewhere:
#   gnuplot -e "outfile='other.svg'" FILE.gp
if (!exists("outfile")) outfile = 'out/trades.svg'
set terminal svg size 800,500 noenhanced font 'Sans,12' linewidth 1.2 background '#ffffff'
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
$hist << EOD
# bin centre (decimal) trades
-0.01125 1
0.00625 3
0.02375 1
0.04125 1
EOD
$mean << EOD
0.01333333333 0
0.01333333333 3
EOD
set title 'Distribution of trade returns, demo: 6 trades' font ',13'
set xlabel 'Trade return (%)'
set ylabel 'Number of trades'
set yrange [0:*]
set boxwidth 1.75 absolute
set style fill solid 1.0 border lc rgb '#ffffff'
set ytics 1
set arrow 1 from 0, graph 0 to 0, graph 1 nohead back dt 3 lc rgb '#808080'
plot $hist using ($1*100):2 with boxes lc rgb '#a0a0a0' lw 2 dt 1 title 'trades per bin (bin width 1.75%)', \
     $mean using ($1*100):2 with lines lc rgb '#d55e00' lw 2.5 dt 2 title 'mean +1.33%'
unset output
